// The include/exclude globs of `.github/revue.yml`, matched without backtracking: a regex compiled from a glob (as
// picomatch does) can take exponential or high-polynomial time (`**/*a*/**/*a*b` took 117 ms on one 976-character path,
// `+(a*)b` 66 s on 40 characters). Here `*` and `**` are matched greedily, returning only to the last wildcard, which
// is exact for globs and costs at most (glob length x path length) per path. Syntax: `*`, `**` as a whole segment,
// `?`, `[abc]`/`[a-z]`/`[!a]`, `{a,b}` (not nested) and a leading `!`; RepoConfigSchema refuses anything else.

const STAR = 0
const GLOBSTAR = 1
type CharToken = string | { chars: string, negated: boolean }
type SegmentToken = typeof STAR | CharToken
type Segment = typeof GLOBSTAR | SegmentToken[]

/** Longer paths are not matched against a repository's globs (they are skipped, with the reason). */
export const MAX_GLOB_PATH_CHARS = 1_024

/** A matcher for a list of globs: whether a path matches any of them (a glob starting with `!` matches what it does not). */
export function compileGlobs(globs: string[]): (path: string) => boolean {
  const compiled = globs.map((glob) => {
    const negated = glob.startsWith('!')
    const variants = _expandBraces(negated ? glob.slice(1) : glob).map(_parse)
    return { negated, variants }
  })
  return (path) => {
    const segments = path.split('/')
    return compiled.some(({ negated, variants }) => variants.some(glob => _greedy(glob, segments, _matchSegment, GLOBSTAR)) !== negated)
  }
}

// Wildcard matching of tokens against units: a wildcard takes as little as it can, and on a mismatch only the last
// wildcard takes one more unit. `unitMatches` says whether a token that takes exactly one unit matches it.
function _greedy<T>(tokens: Array<T | number>, units: string[], unitMatches: (token: T, unit: string) => boolean, wildcard: number): boolean {
  let token = 0
  let unit = 0
  let star = -1
  let mark = 0
  while (unit < units.length) {
    const current = tokens[token]
    if (current === wildcard) {
      star = token++
      mark = unit
    }
    else if (current !== undefined && unitMatches(current as T, units[unit]!)) {
      token++
      unit++
    }
    else if (star !== -1) {
      token = star + 1
      unit = ++mark
    }
    else return false
  }
  while (tokens[token] === wildcard) token++
  return token === tokens.length
}

function _matchSegment(segment: Exclude<Segment, typeof GLOBSTAR>, name: string): boolean {
  return _greedy(segment, [...name], _matchChar, STAR)
}

function _matchChar(token: CharToken, char: string): boolean {
  if (typeof token === 'string') return token === char
  let found = false
  for (let index = 0; index < token.chars.length && !found; index++) {
    const from = token.chars[index]!
    if (token.chars[index + 1] === '-' && index + 2 < token.chars.length) {
      found = char >= from && char <= token.chars[index + 2]!
      index += 2
    }
    else found = char === from
  }
  return found !== token.negated
}

function _parse(glob: string): Segment[] {
  return glob.replace(/^\.\//, '').split('/').map((segment) => {
    if (segment === '**') return GLOBSTAR
    const tokens: SegmentToken[] = []
    for (let index = 0; index < segment.length; index++) {
      const char = segment[index]!
      const close = char === '[' ? segment.indexOf(']', index + 2) : -1
      if (char === '*') {
        if (tokens.at(-1) !== STAR) tokens.push(STAR)
      }
      else if (char === '?') tokens.push({ chars: '/', negated: true })
      else if (char === '\\' && index + 1 < segment.length) tokens.push(segment[++index]!)
      else if (close !== -1) {
        const negated = segment[index + 1] === '!' || segment[index + 1] === '^'
        tokens.push({ chars: segment.slice(index + (negated ? 2 : 1), close), negated })
        index = close
      }
      else tokens.push(char)
    }
    return tokens
  })
}

function _expandBraces(glob: string): string[] {
  const open = glob.indexOf('{')
  const close = glob.indexOf('}', open)
  if (open === -1 || close === -1) return [glob]
  const rest = _expandBraces(glob.slice(close + 1))
  return glob.slice(open + 1, close).split(',').flatMap(option => rest.map(tail => glob.slice(0, open) + option + tail))
}
