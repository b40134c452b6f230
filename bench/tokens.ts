// Token benchmark: `npm run bench:tokens`. Diffs consecutive releases of popular npm packages (fetched with `npm pack`,
// committed to a throwaway git repository) as if each were a pull request, and compares what Revue sends Gemini with
// sending every changed file whole; then pushes the next release onto some of those pull requests and compares an
// incremental review with a full one. Prints markdown tables and writes bench/results/tokens.json. Not part of `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS } from './lib/tokens/corpus'
import { measureIncremental } from './lib/tokens/incremental'
import { BUDGET, PER_CALL_TOKENS, measure } from './lib/tokens/measure'
import { diffReleases, requireTarball } from './lib/tokens/release-diff'

type Measurement = Awaited<ReturnType<typeof measure>>
type IncrementalMeasurement = Awaited<ReturnType<typeof measureIncremental>>

const started = Date.now()
const rows: Array<{ name: string, from: string, to: string } & Measurement> = []
const pushes: Array<{ name: string, base: string, reviewed: string, head: string } & IncrementalMeasurement> = []
try {
  for (const { name, from, to, next } of CORPUS) {
    const diff = await diffReleases(await requireTarball(name, from), await requireTarball(name, to))
    rows.push({ name, from, to, ...await measure(diff, { title: `${name} ${to}`, body: `Release ${to} of ${name}, after ${from}.` }) })
    process.stderr.write(`${name} ${from} → ${to}: ${diff.files.length} files\n`)
    if (!next) continue
    // Revue reviewed `to` as the head of the pull request from `from`; then `next` was pushed on top.
    const [push, pull] = await Promise.all([
      diffReleases(await requireTarball(name, to), await requireTarball(name, next)),
      diffReleases(await requireTarball(name, from), await requireTarball(name, next)),
    ])
    pushes.push({ name, base: from, reviewed: to, head: next, ...await measureIncremental({ first: diff, push, pull }, { title: `${name} ${next}`, body: `Releases ${to} and ${next} of ${name}, after ${from}.` }) })
    process.stderr.write(`${name} ${from} → ${to} → ${next}: ${push.files.length} files pushed, ${pull.files.length} in the pull request\n`)
  }
}
catch (error) {
  console.error(`\nbench:tokens failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

const sum = (pick: (row: Measurement) => number) => rows.reduce((total, row) => total + pick(row), 0)
const total: Measurement = {
  filesChanged: sum(row => row.filesChanged),
  changedLines: sum(row => row.changedLines),
  reviewedFiles: sum(row => row.reviewedFiles),
  coveredLines: sum(row => row.coveredLines),
  revue: { calls: sum(row => row.revue.calls), tokens: sum(row => row.revue.tokens) },
  wholeReviewed: { calls: sum(row => row.wholeReviewed.calls), tokens: sum(row => row.wholeReviewed.tokens) },
  wholeAll: { calls: sum(row => row.wholeAll.calls), tokens: sum(row => row.wholeAll.tokens) },
  binaryFiles: sum(row => row.binaryFiles),
  skipped: rows.flatMap(row => row.skipped),
}

const count = (value: number) => value.toLocaleString('en-US')
const ratio = (part: number, whole: number) => whole ? (part / whole).toFixed(2) : 'n/a'
const percent = (part: number, whole: number) => whole ? `${(100 * part / whole).toFixed(1)} %` : 'n/a'
const line = (label: string, versions: string, row: Measurement) => `| ${label} | ${versions} | ${count(row.filesChanged)} (${count(row.reviewedFiles)} reviewed) | ${count(row.changedLines)} | `
  + `${count(row.revue.tokens)} (${row.revue.calls} ${row.revue.calls === 1 ? 'call' : 'calls'}) | ${count(row.wholeReviewed.tokens)} | ${count(row.wholeAll.tokens)} | `
  + `${ratio(row.revue.tokens, row.wholeReviewed.tokens)} | ${ratio(row.revue.tokens, row.wholeAll.tokens)} | ${percent(row.coveredLines, row.changedLines)} |`

console.log(`\nTokens per review: Revue's diff chunks vs every changed file whole (${CORPUS.length} release pairs from npm, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
console.log('| package | versions | files changed | changed lines | Revue tokens | whole files, reviewed set | whole files, all changed | Revue ÷ whole (reviewed) | Revue ÷ whole (all) | changed lines covered |')
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const row of rows) console.log(line(row.name, `${row.from} → ${row.to}`, row))
console.log(line('**total**', '', total))

const reasons = new Map<string, { files: number, changedLines: number, packages: Set<string> }>()
for (const row of rows) {
  for (const file of row.skipped) {
    const reason = reasons.get(file.reason) ?? { files: 0, changedLines: 0, packages: new Set<string>() }
    reasons.set(file.reason, { files: reason.files + 1, changedLines: reason.changedLines + file.changedLines, packages: reason.packages.add(row.name) })
  }
}
console.log('\nSkipped by Revue (not sent to the model)\n')
console.log('| reason | files | changed lines | packages |')
console.log('|---|---|---|---|')
for (const [reason, skipped] of [...reasons].sort(([, a], [, b]) => b.changedLines - a.changedLines)) {
  console.log(`| ${reason} | ${count(skipped.files)} | ${count(skipped.changedLines)} | ${[...skipped.packages].join(', ')} |`)
}
console.log(`\nTokens are estimateTokens (4 characters a token) of everything each call sends: the system instruction and response schema `
  + `(${PER_CALL_TOKENS} tokens a call), the title, description and the diff or the files. Calls hold at most ${count(BUDGET)} tokens of diff or files `
  + `(chunkBudget of the default 1,048,576-token context). Whole files leave out removed and binary files (${total.binaryFiles} binary here). `
  + `Changed lines are git's --numstat additions + deletions; covered ones are the added and removed rows Revue sends.`)

const pushed = (pick: (row: IncrementalMeasurement) => number) => pushes.reduce((sum, row) => sum + pick(row), 0)
const review = (pick: (row: IncrementalMeasurement) => IncrementalMeasurement['full']) => ({
  files: pushed(row => pick(row).files), calls: pushed(row => pick(row).calls), tokens: pushed(row => pick(row).tokens),
})
const incrementalTotal: IncrementalMeasurement = {
  pushedLines: pushed(row => row.pushedLines),
  full: review(row => row.full),
  fastForward: review(row => row.fastForward),
  forcePush: review(row => row.forcePush),
}
const files = (value: number) => `${count(value)} ${value === 1 ? 'file' : 'files'}`
const pushLine = (label: string, versions: string, row: IncrementalMeasurement) => `| ${label} | ${versions} | ${count(row.pushedLines)} | `
  + `${count(row.full.tokens)} (${files(row.full.files)}) | ${count(row.fastForward.tokens)} (${files(row.fastForward.files)}) | `
  + `${count(row.forcePush.tokens)} (${files(row.forcePush.files)}) | ${ratio(row.fastForward.tokens, row.full.tokens)} |`

console.log(`\nIncremental reviews: release C pushed onto the pull request A → B after Revue reviewed B (${pushes.length} packages)\n`)
console.log('| package | A → B → C | lines changed B → C | full re-review of C | incremental, fast-forward | incremental, force-push (interdiff) | incremental ÷ full |')
console.log('|---|---|---|---|---|---|---|')
for (const row of pushes) console.log(pushLine(row.name, `${row.base} → ${row.reviewed} → ${row.head}`, row))
console.log(pushLine('**total**', '', incrementalTotal))
console.log(`\nHead C reviewed three ways, with the same estimator, instructions, title and description. `
  + `The full re-review sends the pull request's whole diff A → C, as a first review or a re-run would. The fast-forward `
  + `incremental review sends what process.ts sends after a push: the added lines of git's B → C diff (GitHub's compare `
  + `B...C; every line of a file without a patch) are the fresh lines, and restrictToFresh keeps the hunks of A → C that `
  + `hold one, with lines added before B shown as context; those hunks are redacted, chunked and prompted as usual. The `
  + `force-push figure pretends C was rebased: the fresh lines are interdiff(A → B, A → C), the added lines whose text `
  + `A → B had not added. A comparison of 300 files or more would mean a full review, as in scope.ts. Lines changed B → C are git's --numstat additions + deletions of the push, in any file; `
  + `files are those shown to the model. Only the first pass is counted, not the second look at findings (verify).`)

mkdirSync(join(import.meta.dirname, 'results'), { recursive: true })
writeFileSync(join(import.meta.dirname, 'results', 'tokens.json'), JSON.stringify({
  at: new Date().toISOString(), budget: BUDGET, perCallTokens: PER_CALL_TOKENS, rows, total,
  incremental: { rows: pushes, total: incrementalTotal },
}, null, 2))
