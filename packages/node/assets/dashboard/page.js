// promptswarm dashboard: renders a DashboardState (see src/dashboard/dashboard-state.ts) into the
// page, live from /api/events (Server-Sent Events, polling as a fallback) or from a state embedded
// in a static report page. No libraries: every chart is SVG drawn here. Every string that came from
// the swarm (prompts, ids, reasons) goes through esc(): prompts are attacker-controlled text.
'use strict'
;(function () {
  var STATUS_COLORS = {
    admitted: '#2f9e44', rejected: '#adb5bd', pending: '#f59f00', orphan: '#845ef7',
    'invalid-lineage': '#e8590c', banned: '#e03131', outsider: '#868e96',
    // A report's winning-prompt ancestry: steps by honest peers and by attackers.
    'winning path': '#2f9e44', 'by attacker': '#e03131'
  }
  var KIND_COLORS = {
    'attack-start': '#e03131', 'attack-stop': '#f08c00', ban: '#c2255c', accusation: '#7048e8',
    equivocation: '#e8590c', 'peer-join': '#2f9e44', 'peer-leave': '#868e96', note: '#1c7ed6'
  }
  var PALETTE = ['#3b5bdb', '#e8590c', '#2f9e44', '#c2255c', '#7048e8', '#0c8599', '#f08c00', '#5c940d', '#d6336c', '#495057', '#1098ad', '#9c36b5']
  var ui = { lineageTask: 'all', scoreTask: null, selected: null, viewOf: null }
  var state = null
  var source = null
  var pollTimer = null

  function $ (id) { return document.getElementById(id) }
  function esc (s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c] })
  }
  function short (id) {
    id = String(id)
    if (id.length <= 12) return id
    return /^(12D3Koo|Qm)/.test(id) ? '…' + id.slice(-6) : id.slice(0, 8) + '…'
  }
  function fmtScore (x) { return typeof x === 'number' ? x.toFixed(3) : '—' }
  function evals (n) { return typeof n === 'number' ? n + ' evaluation' + (n === 1 ? '' : 's') : '' }
  function pad2 (n) { return (n < 10 ? '0' : '') + n }
  function clock (ms) { var d = new Date(ms); return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds()) }
  function sinceStart (ms) {
    if (state == null || typeof state.startedAt !== 'number') return clock(ms)
    var s = Math.max(0, Math.round((ms - state.startedAt) / 1000))
    return '+' + Math.floor(s / 60) + ':' + pad2(s % 60)
  }
  function width (el, fallback) { return Math.max(260, (el && el.clientWidth) || fallback) }
  function empty (text) { return '<div class="empty">' + esc(text) + '</div>' }
  function pill (text, cls) { return '<span class="pill ' + (cls || '') + '">' + esc(text) + '</span>' }
  function colorOf (list, key) {
    var i = list.indexOf(key)
    return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]
  }

  // ---- header, notes, summary ------------------------------------------------------------------

  function renderHeader () {
    $('title').textContent = state.title || 'promptswarm'
    document.title = (state.title || 'promptswarm') + ' — dashboard'
    var mode = $('mode')
    mode.textContent = state.mode === 'report' ? 'report' : 'live'
    mode.className = 'badge ' + state.mode
    var picker = $('view-picker')
    picker.hidden = !(state.mode === 'live' && state.peers.length > 1)
    if (!picker.hidden) {
      var select = $('view-select')
      select.innerHTML = state.peers.map(function (p) {
        return '<option value="' + esc(p.id) + '"' + (p.id === state.viewOf ? ' selected' : '') + '>' + esc(p.label) + '</option>'
      }).join('')
    }
  }

  function renderNotes () {
    var box = $('notes')
    box.hidden = state.missing.length === 0
    box.innerHTML = state.missing.map(function (m) { return '<div class="note">' + esc(m) + '</div>' }).join('')
  }

  function renderSummary () {
    $('summary').innerHTML = state.summary.map(function (s) {
      return '<div class="stat"><div class="v">' + esc(s.value) + '</div><div class="l">' + esc(s.label) + '</div></div>'
    }).join('')
  }

  // ---- peers: a circle graph and a list ----------------------------------------------------------

  function renderPeers () {
    var peers = state.peers
    $('peers-count').textContent = peers.length === 0 ? '' : state.mode === 'report' ? peers.length + ' peers' : peers.filter(function (p) { return p.running }).length + ' running of ' + peers.length
    var labels = {}
    peers.forEach(function (p) { labels[p.id] = p.label })
    var label = function (id) { return labels[id] || short(id) }
    var hasLinks = peers.some(function (p) { return p.connections.length > 0 })
    $('peer-graph').innerHTML = peers.length === 0 ? '' : peerGraph(peers, width($('peer-graph'), 480), hasLinks)
    if (peers.length === 0) { $('peer-list').innerHTML = empty('No peers.'); return }
    var rows = peers.map(function (p) {
      var conns = p.connections.map(function (c) {
        var score = typeof c.score === 'number' ? ' ' + (c.score >= 0 ? '+' : '') + c.score.toFixed(1) : ''
        return pill(label(c.peer) + score, typeof c.score === 'number' && c.score < 0 ? 'neg' : '')
      }).join('')
      var st = p.banned ? pill('banned', 'bad') : p.running ? pill('running', 'ok') : pill(state.mode === 'report' ? 'finished' : 'stopped')
      var facts = (p.facts || []).map(function (f) { return pill(f.label ? f.label + ' ' + f.value : f.value, /attacker/.test(f.value) ? 'bad' : '') }).join('')
      // Live peers show their libp2p id; a report's peers their key, when it has one.
      var sub = state.mode === 'report' ? (p.author ? short(p.author) : '') : short(p.id)
      return '<tr data-peer-row="' + esc(p.id) + '"><td class="nowrap"><b>' + esc(p.label) + '</b>' + (sub ? '<div class="mono muted nowrap" title="' + esc(p.author || p.id) + '">' + esc(sub) + '</div>' : '') + '</td>' +
        '<td>' + st + '</td>' +
        '<td>' + (p.records == null ? '—' : p.records) + '</td>' +
        '<td>' + (p.candidates == null ? '—' : p.candidates) + '</td>' +
        '<td>' + (p.meshPeers == null ? '—' : p.meshPeers) + '</td>' +
        '<td>' + (conns || facts || '<span class="muted">none</span>') + '</td></tr>'
    })
    $('peer-list').innerHTML = '<table><thead><tr><th>peer</th><th>state</th><th>records</th><th>cand.</th><th>mesh</th><th>' +
      (hasLinks ? 'connections (gossip score)' : 'details') + '</th></tr></thead><tbody>' + rows.join('') + '</tbody></table>'
  }

  function peerGraph (peers, w, hasLinks) {
    var h = 210
    var ids = peers.map(function (p) { return p.id })
    var external = []
    peers.forEach(function (p) {
      p.connections.forEach(function (c) { if (ids.indexOf(c.peer) < 0 && external.indexOf(c.peer) < 0) external.push(c.peer) })
    })
    var all = ids.concat(external)
    var cx = w / 2; var cy = h / 2 - 4; var r = Math.min(w / 2 - 60, h / 2 - 34)
    var pos = {}
    var angle = {}
    all.forEach(function (id, i) {
      var a = -Math.PI / 2 + (2 * Math.PI * i) / all.length
      angle[id] = all.length === 1 ? Math.PI / 2 : a
      pos[id] = all.length === 1 ? [cx, cy] : [cx + r * Math.cos(a), cy + r * Math.sin(a)]
    })
    var edges = {}
    peers.forEach(function (p) {
      p.connections.forEach(function (c) {
        var key = p.id < c.peer ? p.id + ' ' + c.peer : c.peer + ' ' + p.id
        var e = edges[key] || (edges[key] = { a: p.id, b: c.peer, score: Infinity })
        if (typeof c.score === 'number') e.score = Math.min(e.score, c.score)
      })
    })
    var out = ['<svg width="' + w + '" height="' + h + '" role="img" aria-label="peer connection graph">']
    Object.keys(edges).forEach(function (k) {
      var e = edges[k]; var a = pos[e.a]; var b = pos[e.b]
      if (!a || !b) return
      var bad = e.score < 0
      out.push('<line x1="' + a[0].toFixed(1) + '" y1="' + a[1].toFixed(1) + '" x2="' + b[0].toFixed(1) + '" y2="' + b[1].toFixed(1) + '" stroke="' +
        (bad ? '#e03131' : '#b6c2d2') + '" stroke-width="' + (bad ? 2 : 1.6) + '"' + (bad ? ' stroke-dasharray="5 4"' : '') + '/>')
    })
    all.forEach(function (id, i) {
      var p = peers[i]
      var at = pos[id]
      var fill = p === undefined ? '#ced4da' : p.banned ? '#e03131' : p.running ? '#3b5bdb' : '#adb5bd'
      var text = p === undefined ? short(id) : p.label
      // Labels sit outside the circle, away from the edges that run through its middle.
      var dx = Math.cos(angle[id]); var dy = Math.sin(angle[id]); var gap = p === undefined ? 14 : 20
      var anchor = Math.abs(dx) < 0.35 ? 'middle' : dx > 0 ? 'start' : 'end'
      out.push('<g data-graph-peer="' + esc(id) + '" transform="translate(' + at[0].toFixed(1) + ',' + at[1].toFixed(1) + ')">' +
        '<circle r="' + (p === undefined ? 8 : 13) + '" fill="' + fill + '" stroke="#fff" stroke-width="2.5"/>' +
        '<text x="' + (dx * gap).toFixed(1) + '" y="' + (dy * gap + 4 + (anchor === 'middle' ? dy * 4 : 0)).toFixed(1) + '" text-anchor="' + anchor + '" font-size="11.5" fill="#364152">' + esc(text) + '</text>' +
        '<title>' + esc(id) + '</title></g>')
    })
    if (!hasLinks) out.push('<text x="4" y="12" font-size="11" fill="#6b7785">no connection data</text>')
    out.push('</svg>')
    return out.join('')
  }

  // ---- lineage: one tree per task, depth left to right --------------------------------------------

  function renderLineage () {
    var nodes = state.lineage
    var tasks = []
    nodes.forEach(function (n) { if (tasks.indexOf(n.task) < 0) tasks.push(n.task) })
    tasks.sort(function (a, b) { return (a === 'optimizer') - (b === 'optimizer') || (a < b ? -1 : a > b ? 1 : 0) })
    if (ui.lineageTask !== 'all' && tasks.indexOf(ui.lineageTask) < 0) ui.lineageTask = 'all'
    $('lineage-count').textContent = nodes.length === 0 ? '' : nodes.length + ' candidates' + (state.viewOf ? ' · view of ' + labelOfPeer(state.viewOf) : '')
    $('lineage-tabs').innerHTML = tasks.length < 2 ? '' : ['all'].concat(tasks).map(function (t) {
      return '<button class="tab' + (t === ui.lineageTask ? ' on' : '') + '" data-task="' + esc(t) + '">' + esc(t) + '</button>'
    }).join('')
    var shown = ui.lineageTask === 'all' ? tasks : [ui.lineageTask]
    $('lineage').innerHTML = nodes.length === 0 ? empty(state.mode === 'report' ? 'This report holds no archive.' : 'No candidates yet.') : lineageSvg(nodes, shown)
    var order = Object.keys(STATUS_COLORS)
    var statuses = []
    nodes.forEach(function (n) { if (statuses.indexOf(n.status) < 0) statuses.push(n.status) })
    statuses.sort(function (a, b) { return (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) })
    $('lineage-legend').innerHTML = statuses.map(function (s) { return '<span><i style="background:' + (STATUS_COLORS[s] || '#999') + '"></i>' + esc(s) + '</span>' }).join('') +
      (nodes.some(function (n) { return n.status === 'admitted' && typeof n.score === 'number' }) ? '<span><i style="background:#fff;border:2px solid #fab005"></i>best of its task</span>' : '')
    renderDetail()
  }

  function labelOfPeer (id) {
    for (var i = 0; i < state.peers.length; i++) if (state.peers[i].id === id) return state.peers[i].label
    return short(id)
  }

  function lineageSvg (nodes, tasks) {
    var ROW = 22; var COL = 132; var LEFT = 16; var HEAD = 26
    var parts = []
    var y = 8
    var maxX = 0
    tasks.forEach(function (task) {
      var group = nodes.filter(function (n) { return n.task === task })
      var byId = {}
      group.forEach(function (n) { byId[n.id] = n })
      var kids = {}
      var roots = []
      group.forEach(function (n) {
        if (n.parent && byId[n.parent]) (kids[n.parent] || (kids[n.parent] = [])).push(n)
        else roots.push(n)
      })
      var order = function (a, b) {
        var sa = typeof a.score === 'number' ? a.score : -1; var sb = typeof b.score === 'number' ? b.score : -1
        return sb - sa || (a.id < b.id ? -1 : 1)
      }
      roots.sort(order)
      var best = null
      group.forEach(function (n) { if (n.status === 'admitted' && typeof n.score === 'number' && (best === null || n.score > best.score)) best = n })
      parts.push('<text x="' + LEFT + '" y="' + (y + 14) + '"><tspan font-size="12.5" font-weight="600" fill="#3d4a5c">' + esc(task) +
        '</tspan><tspan dx="8" font-size="11" fill="#6b7785">' + group.length + ' candidate' + (group.length === 1 ? '' : 's') +
        (best ? ' · best ' + fmtScore(best.score) : '') + '</tspan></text>')
      y += HEAD
      var place = {}
      var row = 0
      var visit = function (n, depth, seen) {
        if (seen[n.id]) return
        seen[n.id] = true
        var children = (kids[n.id] || []).slice().sort(order)
        var first = null; var last = null
        children.forEach(function (c) {
          visit(c, depth + 1, seen)
          if (place[c.id]) { if (first === null) first = place[c.id].y; last = place[c.id].y }
        })
        var ny = first === null ? y + (row++) * ROW + ROW / 2 : (first + last) / 2
        place[n.id] = { x: LEFT + 8 + depth * COL, y: ny }
        maxX = Math.max(maxX, place[n.id].x)
      }
      var seen = {}
      roots.forEach(function (r) { visit(r, 0, seen) })
      group.forEach(function (n) {
        var p = place[n.id]; var q = n.parent ? place[n.parent] : null
        if (!p || !q) return
        // The edge leaves the parent after its label, so it never runs through the text.
        var from = Math.min(q.x + labelEnd(byId[n.parent]) + 4, p.x - 24)
        var mx = (from + p.x) / 2
        parts.push('<path d="M' + from + ' ' + q.y + ' C' + mx + ' ' + q.y + ' ' + mx + ' ' + p.y + ' ' + (p.x - 8) + ' ' + p.y +
          '" fill="none" stroke="' + (n.status === 'rejected' ? '#d5dbe3' : '#9aa9bd') + '" stroke-width="1.4"/>')
      })
      group.forEach(function (n) {
        var p = place[n.id]
        if (!p) return
        var color = STATUS_COLORS[n.status] || '#999'
        var isBest = best !== null && n.id === best.id
        var sel = ui.selected === n.id
        var tip = n.status + (typeof n.score === 'number' ? ' · score ' + fmtScore(n.score) : '') + (evals(n.evaluations) ? ' · ' + evals(n.evaluations) : '') +
          ' · by ' + n.authorLabel + '\n' + n.text
        parts.push('<g class="node" data-node-id="' + esc(n.id) + '" data-status="' + esc(n.status) + '" transform="translate(' + p.x + ',' + p.y + ')">' +
          // A transparent hit area: the whole node with its label takes the click, gaps included.
          '<rect x="-10" y="-10" width="' + (labelEnd(n) + 12) + '" height="20" fill="transparent"/>' +
          (isBest ? '<circle r="10.5" fill="none" stroke="#fab005" stroke-width="2.5"/>' : '') +
          (sel ? '<circle r="13" fill="none" stroke="#1c7ed6" stroke-width="2"/>' : '') +
          '<circle r="6.5" fill="' + color + '" stroke="#fff" stroke-width="1.5"' + (n.parent && !place[n.parent] ? ' stroke-dasharray="2 2"' : '') + '/>' +
          '<text x="12" y="4" font-size="11.5" fill="#1f2933" font-weight="' + (isBest ? 700 : 500) + '">' + esc(fmtScore(n.score)) + '</text>' +
          '<text x="52" y="4" font-size="10.5" fill="#7b8794">' + esc(n.authorLabel) + '</text>' +
          '<title>' + esc(tip) + '</title></g>')
      })
      y += row * ROW + 10
    })
    var w = maxX + COL + 20
    return '<svg width="' + w + '" height="' + (y + 4) + '" role="img" aria-label="lineage tree">' + parts.join('') + '</svg>'
  }

  /** Where a node's label ends, relative to the node (score at x=12, author at x=52). */
  function labelEnd (n) {
    return 52 + String(n.authorLabel).length * 6
  }

  function renderDetail () {
    var box = $('lineage-detail')
    var n = null
    for (var i = 0; i < state.lineage.length; i++) if (state.lineage[i].id === ui.selected) n = state.lineage[i]
    box.hidden = n === null
    if (n === null) return
    box.innerHTML = '<b>' + esc(n.task) + '</b> ' + pill(n.status, n.status === 'admitted' ? 'ok' : n.status === 'banned' ? 'bad' : n.status === 'pending' ? 'warn' : '') +
      ' score <b>' + esc(fmtScore(n.score)) + '</b>' + (evals(n.evaluations) ? ' from ' + evals(n.evaluations) : '') + ' · by ' + esc(n.authorLabel) +
      ' · <span class="mono">' + esc(short(n.id)) + '</span>' + (n.parent ? ' ← <span class="mono">' + esc(short(n.parent)) + '</span>' : ' (seed)') +
      '<div class="text">' + esc(n.text) + '</div>'
  }

  // ---- best score over time ------------------------------------------------------------------------

  function renderScores () {
    var series = state.scoreSeries
    var tasks = []
    series.forEach(function (s) { if (tasks.indexOf(s.task) < 0) tasks.push(s.task) })
    tasks.sort()
    var select = $('score-task')
    select.hidden = tasks.length < 2
    if (ui.scoreTask === null || tasks.indexOf(ui.scoreTask) < 0) ui.scoreTask = tasks[0] || null
    select.innerHTML = tasks.map(function (t) { return '<option' + (t === ui.scoreTask ? ' selected' : '') + '>' + esc(t) + '</option>' }).join('')
    var chart = $('score-chart')
    $('score-title').textContent = state.scoreAxis && state.scoreAxis.unit === 'step' ? 'Accuracy over the run' : 'Best score over time'
    if (ui.scoreTask === null) { chart.innerHTML = empty(state.mode === 'report' ? 'This report has no score history.' : 'No admitted, scored task prompt yet.'); return }
    chart.innerHTML = scoreChart(series.filter(function (s) { return s.task === ui.scoreTask }), width(chart, 560))
  }

  function scoreChart (series, w) {
    var h = 250; var L = 44; var R = 12; var T = 10; var B = 50
    // x is clock time (a live run) or a step count (a report's curves, see scoreAxis).
    var steps = state.scoreAxis && state.scoreAxis.unit === 'step'
    var t0 = !steps && typeof state.startedAt === 'number' ? state.startedAt : Infinity
    var t1 = steps ? -Infinity : state.generatedAt
    var lo = Infinity; var hi = -Infinity
    series.forEach(function (s) {
      s.points.forEach(function (p) { t0 = Math.min(t0, p[0]); t1 = Math.max(t1, p[0]); lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]) })
    })
    if (!(t1 > t0)) t1 = t0 + 1000
    if (hi - lo < 0.05) { lo -= 0.03; hi += 0.03 }
    lo = Math.max(0, lo - (hi - lo) * 0.08); hi = Math.min(1, hi + (hi - lo) * 0.08)
    var X = function (t) { return L + (w - L - R) * (t - t0) / (t1 - t0) }
    var Y = function (v) { return T + (h - T - B) * (1 - (v - lo) / (hi - lo)) }
    var out = ['<svg width="' + w + '" height="' + h + '" role="img" aria-label="best score over time">']
    for (var i = 0; i <= 4; i++) {
      var v = lo + (hi - lo) * i / 4
      out.push('<line x1="' + L + '" x2="' + (w - R) + '" y1="' + Y(v).toFixed(1) + '" y2="' + Y(v).toFixed(1) + '" stroke="#eef1f5"/>' +
        '<text x="' + (L - 6) + '" y="' + (Y(v) + 4).toFixed(1) + '" text-anchor="end" font-size="10.5" fill="#6b7785">' + v.toFixed(2) + '</text>')
    }
    for (var j = 0; j <= 4; j++) {
      var t = t0 + (t1 - t0) * j / 4
      out.push('<text x="' + X(t).toFixed(1) + '" y="' + (h - B + 16) + '" text-anchor="' + (j === 0 ? 'start' : j === 4 ? 'end' : 'middle') + '" font-size="10.5" fill="#6b7785">' + esc(steps ? 'step ' + Math.round(t) : sinceStart(t)) + '</text>')
    }
    out.push('<line x1="' + L + '" x2="' + (w - R) + '" y1="' + (h - B) + '" y2="' + (h - B) + '" stroke="#c5ceda"/>')
    var peers = series.map(function (s) { return s.peer })
    // Peers that agree draw the same line: a small offset per peer keeps each one visible.
    series.forEach(function (s, k) {
      if (s.points.length === 0) return
      var off = (k - (series.length - 1) / 2) * 1.3
      var d = ''
      s.points.forEach(function (p, idx) {
        var x = X(p[0]).toFixed(1); var y = (Y(p[1]) + off).toFixed(1)
        d += idx === 0 ? 'M' + x + ' ' + y : 'H' + x + 'V' + y
      })
      if (!steps) d += 'H' + X(t1).toFixed(1)
      var c = colorOf(peers, s.peer)
      out.push('<path data-series="' + esc(s.label) + '" d="' + d + '" fill="none" stroke="' + c + '" stroke-width="2" stroke-opacity=".85"/>')
      var lastP = s.points[s.points.length - 1]
      out.push('<circle cx="' + X(lastP[0]).toFixed(1) + '" cy="' + (Y(lastP[1]) + off).toFixed(1) + '" r="3" fill="' + c + '"/>')
    })
    var lx = L; var ly = h - 14
    series.forEach(function (s) {
      var label = s.label + ' ' + fmtScore(s.points.length ? s.points[s.points.length - 1][1] : undefined)
      if (lx + label.length * 6.4 + 22 > w) { lx = L; ly += 0 }
      out.push('<rect x="' + lx + '" y="' + (ly - 8) + '" width="10" height="10" rx="2" fill="' + colorOf(peers, s.peer) + '"/>' +
        '<text x="' + (lx + 14) + '" y="' + (ly + 1) + '" font-size="11" fill="#364152">' + esc(label) + '</text>')
      lx += label.length * 6.4 + 26
    })
    out.push('</svg>')
    return out.join('')
  }

  // ---- accusations and bans ------------------------------------------------------------------------

  function renderBans () {
    var bans = state.bans.length === 0 ? empty(state.mode === 'report' ? 'None listed in this report.' : 'No author is banned.') : '<table><thead><tr><th>banned author</th><th>reasons</th></tr></thead><tbody>' +
      state.bans.map(function (b) {
        return '<tr><td><b>' + esc(b.label) + '</b>' + (b.label === short(b.author) ? '' : ' <span class="mono muted">' + esc(short(b.author)) + '</span>') + '</td><td>' +
          b.reasons.map(function (r) { return pill(r, 'bad') }).join('') + '</td></tr>'
      }).join('') + '</tbody></table>'
    var acc = state.accusations.length === 0 ? empty(state.mode === 'report' ? 'None listed in this report.' : 'No accusations.') : '<table><thead><tr><th>accuser</th><th>accused</th><th>evidence</th><th>verdict</th></tr></thead><tbody>' +
      state.accusations.map(function (a) {
        var cls = a.verdict === 'proven' ? 'bad' : a.verdict === 'undecided' ? 'warn' : a.verdict === 'refuted' ? 'ok' : ''
        return '<tr><td>' + esc(a.accuser) + '</td><td><b>' + esc(a.accused) + '</b></td><td>' + esc(a.kind) + '</td><td>' + pill(a.verdict, cls) + '</td></tr>'
      }).join('') + '</tbody></table>'
    $('bans').innerHTML = '<h3>Bans (' + state.bans.length + ')</h3>' + bans + '<h3>Accusations (' + state.accusations.length + ')</h3>' + '<div class="scroll short">' + acc + '</div>'
  }

  // ---- attack timeline --------------------------------------------------------------------------

  function renderTimeline () {
    var events = state.timeline
    $('timeline-count').textContent = events.length === 0 ? '' : events.length + ' event' + (events.length === 1 ? '' : 's')
    var timed = events.filter(function (e) { return typeof e.time === 'number' })
    var chart = $('timeline-chart')
    chart.innerHTML = timed.length === 0 ? '' : timelineChart(timed, width(chart, 900))
    if (events.length === 0) { $('timeline-list').innerHTML = empty(state.mode === 'report' ? 'No events in this report.' : 'Nothing has happened yet.'); return }
    // Newest first when events have times; a report's undated events keep their order.
    var rows = (timed.length > 0 ? events.slice().reverse() : events).map(function (e) {
      var c = KIND_COLORS[e.kind] || '#495057'
      return '<tr data-kind="' + esc(e.kind) + '"><td class="mono muted">' + (typeof e.time === 'number' ? esc(sinceStart(e.time)) : '') + '</td>' +
        '<td><span class="kind" style="color:' + c + '">' + esc(e.kind) + '</span></td><td>' + esc(e.text) + '</td></tr>'
    })
    $('timeline-list').innerHTML = '<table><tbody>' + rows.join('') + '</tbody></table>'
  }

  function timelineChart (events, w) {
    var kinds = []
    events.forEach(function (e) { if (kinds.indexOf(e.kind) < 0) kinds.push(e.kind) })
    var LANE = 20; var L = 104; var R = 14; var h = kinds.length * LANE + 30
    var t0 = typeof state.startedAt === 'number' ? state.startedAt : events[0].time
    var t1 = state.generatedAt
    events.forEach(function (e) { t0 = Math.min(t0, e.time); t1 = Math.max(t1, e.time) })
    if (!(t1 > t0)) t1 = t0 + 1000
    var X = function (t) { return L + (w - L - R) * (t - t0) / (t1 - t0) }
    var out = ['<svg width="' + w + '" height="' + h + '" role="img" aria-label="timeline">']
    kinds.forEach(function (k, i) {
      var y = 10 + i * LANE + LANE / 2
      out.push('<text x="' + (L - 10) + '" y="' + (y + 4) + '" text-anchor="end" font-size="11" fill="' + (KIND_COLORS[k] || '#495057') + '" font-weight="600">' + esc(k) + '</text>' +
        '<line x1="' + L + '" x2="' + (w - R) + '" y1="' + y + '" y2="' + y + '" stroke="#eef1f5"/>')
    })
    events.forEach(function (e) {
      var y = 10 + kinds.indexOf(e.kind) * LANE + LANE / 2
      var c = KIND_COLORS[e.kind] || '#495057'
      var shape = e.kind === 'attack-start' || e.kind === 'attack-stop'
        ? '<rect x="-5" y="-5" width="10" height="10" transform="rotate(45)" fill="' + c + '"/>'
        : '<circle r="5" fill="' + c + '" fill-opacity=".85"/>'
      out.push('<g transform="translate(' + X(e.time).toFixed(1) + ',' + y + ')">' + shape + '<title>' + esc(sinceStart(e.time) + ' ' + e.text) + '</title></g>')
    })
    var base = h - 14
    for (var j = 0; j <= 5; j++) {
      var t = t0 + (t1 - t0) * j / 5
      out.push('<text x="' + X(t).toFixed(1) + '" y="' + (base + 10) + '" text-anchor="' + (j === 0 ? 'start' : j === 5 ? 'end' : 'middle') + '" font-size="10.5" fill="#6b7785">' + esc(sinceStart(t)) + '</text>')
    }
    out.push('</svg>')
    return out.join('')
  }

  // ---- extra tables (report mode) ---------------------------------------------------------------

  function renderTables () {
    var panel = $('panel-tables')
    panel.hidden = state.tables.length === 0
    $('tables').innerHTML = state.tables.map(function (t) {
      return '<div class="tables-block"><h2>' + esc(t.title) + '</h2><div class="scroll"><table><thead><tr>' + t.columns.map(function (c) { return '<th>' + esc(c) + '</th>' }).join('') +
        '</tr></thead><tbody>' + t.rows.map(function (r) { return '<tr>' + r.map(function (c) { return '<td>' + esc(c) + '</td>' }).join('') + '</tr>' }).join('') + '</tbody></table></div></div>'
    }).join('')
  }

  // ---- data flow ----------------------------------------------------------------------------------

  function render () {
    if (state === null) return
    renderHeader(); renderNotes(); renderSummary(); renderPeers(); renderLineage(); renderScores(); renderBans(); renderTimeline(); renderTables()
    document.body.setAttribute('data-updated', String(state.generatedAt))
  }

  function apply (next) {
    state = next
    try {
      render()
    } catch (err) {
      setStatus('lost', 'render failed: ' + (err && err.message))
      throw err
    }
  }

  function setStatus (kind, text) {
    $('status').className = 'status ' + kind
    $('status-text').textContent = text
  }

  function connect () {
    if (source) source.close()
    if (pollTimer) clearTimeout(pollTimer)
    var query = ui.viewOf ? '?peer=' + encodeURIComponent(ui.viewOf) : ''
    if (typeof window.EventSource !== 'function') { poll(query); return }
    source = new EventSource('/api/events' + query)
    source.addEventListener('state', function (e) {
      apply(JSON.parse(e.data))
      setStatus('live', 'live · updated ' + clock(state.generatedAt))
    })
    source.addEventListener('failure', function (e) { setStatus('lost', 'server error: ' + JSON.parse(e.data).error) })
    source.onerror = function () { setStatus('lost', 'reconnecting…') }
  }

  function poll (query) {
    var req = new XMLHttpRequest()
    req.open('GET', '/api/state' + query)
    req.onload = function () {
      if (req.status === 200) { apply(JSON.parse(req.responseText)); setStatus('live', 'polling · updated ' + clock(state.generatedAt)) } else setStatus('lost', 'error ' + req.status)
      pollTimer = setTimeout(function () { poll(query) }, 2000)
    }
    req.onerror = function () { setStatus('lost', 'reconnecting…'); pollTimer = setTimeout(function () { poll(query) }, 2000) }
    req.send()
  }

  document.addEventListener('click', function (e) {
    var el = e.target
    while (el && el !== document) {
      if (el.getAttribute && el.getAttribute('data-task') !== null && el.classList.contains('tab')) { ui.lineageTask = el.getAttribute('data-task'); render(); return }
      if (el.getAttribute && el.getAttribute('data-node-id') !== null) { var id = el.getAttribute('data-node-id'); ui.selected = ui.selected === id ? null : id; render(); return }
      el = el.parentNode
    }
  })
  $('score-task').addEventListener('change', function (e) { ui.scoreTask = e.target.value; render() })
  $('view-select').addEventListener('change', function (e) { ui.viewOf = e.target.value; connect() })
  var resizeTimer = null
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 150) })

  if (window.PROMPTSWARM_STATE) {
    apply(window.PROMPTSWARM_STATE)
    setStatus('', 'snapshot of ' + new Date(state.generatedAt).toLocaleString())
  } else {
    connect()
  }
})()
