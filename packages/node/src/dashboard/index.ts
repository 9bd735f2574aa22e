export {
  shortId, UnknownPeerError,
  type AccusationRow, type BanRow, type DashboardSource, type DashboardState, type DashboardTable, type LineageNode, type PeerPanel,
  type ScoreSeries, type TimelineEvent, type TimelineKind
} from './dashboard-state.js'
export { AttackTimeline, type TimelineEventInit } from './attack-timeline.js'
export { LiveSwarmSource, type LiveSourceOptions } from './live-source.js'
export { loadReportFile, reportState, ReportFileError, StaticSource } from './report-source.js'
export { DashboardListenError, DashboardRequestError, DashboardServer, type DashboardServerOptions } from './dashboard-server.js'
export { DashboardAssetError, embedJson, loadPageAssets, renderPage, type PageAssets } from './page.js'
export { LiveDashboard, type LiveDashboardOptions } from './live-dashboard.js'
