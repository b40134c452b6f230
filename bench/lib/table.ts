// The results as a markdown table and as bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Row } from './support'

function _format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (Math.abs(value) >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en')
  return value.toFixed(Math.abs(value) < 10 ? 2 : 1)
}

/** The rows as a markdown table grouped by benchmark (in order of first appearance), a second figure after a slash. */
export function markdownTable(rows: Row[]): string {
  const groups = [...new Set(rows.map(row => row.benchmark))]
  const lines = ['| benchmark | subject | figure | value | target | met |', '|---|---|---|---|---|---|']
  for (const row of groups.flatMap(group => rows.filter(candidate => candidate.benchmark === group))) {
    const value = row.second === undefined ? _format(row.value) : `${_format(row.value)} / ${_format(row.second)}`
    lines.push(`| ${row.benchmark} | ${row.subject} | ${row.figure} | ${value} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`)
  }
  return lines.join('\n')
}

/** Writes bench/results/latest.json. */
export function writeResults(result: Record<string, unknown>): string {
  const dir = join(import.meta.dirname, '..', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'latest.json')
  writeFileSync(file, JSON.stringify(result, null, 2))
  return file
}
