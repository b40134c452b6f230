// Reads a V8 .cpuprofile (node --cpu-prof) and tells where the time went: by function (self and total) and by package.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileEntry {
  name: string
  ms: number
  share: number
}

export interface ProfileSummary {
  totalMs: number
  /** Time with the function on top of the stack. */
  self: ProfileEntry[]
  /** Time with the function anywhere on the stack. */
  total: ProfileEntry[]
  /** Self time by npm package, node internals, Revue's own bundle, GC, idle. */
  packages: ProfileEntry[]
}

/** Where a frame's code comes from: a package under node_modules, node itself, or the app's bundle. */
function _origin(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.startsWith('node:')) return 'node internals'
  if (url.includes('/.output/server/')) return 'Revue bundle (.output/server/chunks)'
  return url
}

function _frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.replace(/^.*\/node_modules\//, '').replace(/^.*\/\.output\/server\//, '.output/server/').replace(/^file:\/\//, '')
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
}

function _top(totals: Map<string, number>, totalMs: number, count: number): ProfileEntry[] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ name, ms, share: ms / totalMs }))
}

/** The top `count` functions by self and total time, and self time by package, excluding idle time. */
export function summariseProfile(file: string, count = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  const packages = new Map<string, number>()
  let totalMs = 0
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!
    const ms = (profile.timeDeltas[index] ?? 0) / 1000
    if (node.callFrame.functionName === '(idle)') return
    totalMs += ms
    self.set(_frameName(node), (self.get(_frameName(node)) ?? 0) + ms)
    const origin = _origin(node.callFrame.url, node.callFrame.functionName)
    packages.set(origin, (packages.get(origin) ?? 0) + ms)
    // Each function once per sample, however often it recurses.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = _frameName(byId.get(at)!)
      if (seen.has(name)) continue
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + ms)
    }
  })
  return { totalMs, self: _top(self, totalMs, count), total: _top(total, totalMs, count * 2), packages: _top(packages, totalMs, count) }
}

/** The summary as three markdown tables. */
export function profileTables(summary: ProfileSummary): string {
  const table = (title: string, entries: ProfileEntry[]) => [
    `| ${title} | ms | share of busy time |`,
    '|---|---|---|',
    ...entries.map(entry => `| \`${entry.name.replace(/\|/g, '\\|')}\` | ${entry.ms.toFixed(0)} | ${(entry.share * 100).toFixed(1)} % |`),
  ].join('\n')
  return [
    `Busy (non-idle) time sampled: ${summary.totalMs.toFixed(0)} ms`,
    table('self time by package', summary.packages),
    table('self time by function', summary.self),
    table('total (inclusive) time by function', summary.total),
  ].join('\n\n')
}
