// What every benchmark shares: the result row, process memory and CPU from /proc, percentiles, child processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const SECRET = 'bench-secret'
export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)

export interface Row {
  benchmark: string
  subject: string
  figure: string
  value: number
  /** A second figure shown after the first (p99 after p50, enqueued after accepted). */
  second?: number
  target?: string
  met?: boolean
}

/** Resident and peak resident memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { rssMb: number, peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which is in parentheses and may hold spaces: utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** The p-th percentile (0-100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))]!
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

export interface BenchServer {
  url: string
  process: ChildProcess
  output: () => string
  stop(): Promise<void>
}

/**
 * Runs one of the bench's own servers (`bench/lib/<script>.ts`) in a process of its own, with extra node flags if given,
 * and waits for it to say where it listens.
 */
export async function startBenchServer(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(import.meta.dirname, `${script}.ts`)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /^listening on (\S+)$/m.exec(output)
      if (listening) resolve(listening[1]!)
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', code => reject(new Error(`bench/lib/${script}.ts exited with ${code}:\n${output}`)))
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return {
    url,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
