import { readFile } from 'node:fs/promises'
import type { DashboardState } from './dashboard-state.js'

/**
 * The dashboard page is one HTML document with its CSS and script inlined. They are authored as
 * ordinary files in packages/node/assets/dashboard (two levels above this module in both src/ and
 * dist/) and read once when a server starts or a report is written.
 */
export interface PageAssets {
  readonly html: string
  readonly css: string
  readonly script: string
}

const ASSETS = new URL('../../assets/dashboard/', import.meta.url)

export class DashboardAssetError extends Error {
  override readonly name = 'DashboardAssetError'
  readonly code = 'ERR_DASHBOARD_ASSET'
}

export async function loadPageAssets (): Promise<PageAssets> {
  const read = async (name: string): Promise<string> => {
    const url = new URL(name, ASSETS)
    try {
      return await readFile(url, 'utf8')
    } catch (err) {
      throw new DashboardAssetError(`cannot read the dashboard asset ${url.pathname}: ${(err as Error).message}`)
    }
  }
  const [html, css, script] = await Promise.all([read('page.html'), read('page.css'), read('page.js')])
  for (const marker of ['/*STYLE*/', '/*SCRIPT*/', '/*STATE*/']) {
    if (!html.includes(marker)) throw new DashboardAssetError(`dashboard page.html lacks its ${marker} marker`)
  }
  return { html, css, script }
}

/**
 * The page. With `state` it is a static snapshot (a report written to disk): the state is embedded
 * and the script opens no connection. Without, the script reads /api/state and /api/events.
 */
export function renderPage (assets: PageAssets, state?: DashboardState): string {
  const parts: Record<string, string> = {
    STYLE: assets.css,
    STATE: state === undefined ? 'null' : embedJson(state),
    SCRIPT: assets.script
  }
  // One pass over the template only: a marker inside inserted text (a prompt can say anything)
  // is never replaced, and `$` sequences stay literal with a function replacer.
  return assets.html.replace(/\/\*(STYLE|STATE|SCRIPT)\*\//g, (_, key: string) => parts[key] ?? '')
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
export function embedJson (value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
