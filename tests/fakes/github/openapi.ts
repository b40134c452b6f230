// Checks the local GitHub's answers against GitHub's own OpenAPI description (@octokit/openapi), so the
// stand-in cannot drift from what api.github.com sends. Used by the stand-in's tests, not by the stand-in.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { RecordedRequest } from './api'
import { WEB_PAGE } from './exchange'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Operation {
  method: string
  template: string
  regex: RegExp
  loose: RegExp
  literals: number
  // status → JSON pointer to the schema of its JSON body, null when it has none
  responses: Map<string, string | null>
}

interface Response {
  $ref?: string
  content?: Record<string, unknown>
}

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, Response> }>>
  components: { schemas: Record<string, { properties?: Record<string, Json> }>, responses: Record<string, Response> } & Record<string, Json>
}

// Where the description contradicts what GitHub sends, each reported upstream: the stand-in sends what GitHub sends.
function _correct(spec: Spec): void {
  // an outdated review comment has `position: null` and `line: null` (github/rest-api-description#1901, #5568)
  const comment = spec.components.schemas['pull-request-review-comment']?.properties as Record<string, { [key: string]: Json }>
  for (const name of ['position', 'line']) comment[name] = { ...comment[name], nullable: true }
  // GET /app/installations inlines an installation whose account is a user and an enterprise at once, where
  // the installation schema says either (github/rest-api-description#2497)
  const listed = spec.paths['/app/installations']?.get?.responses?.['200']?.content?.['application/json'] as { schema: Json }
  listed.schema = { type: 'array', items: { $ref: '#/components/schemas/installation' } }
}

const ERROR = 'error'

// the raw, diff and html media types, which answer text
const OTHER_MEDIA = /application\/vnd\.github(?:\.v3)?\.(?:raw|diff|patch|html)/i

// OpenAPI 3.0's `nullable` as JSON Schema: ajv reads it only beside `type`, and never lets null through an `enum`.
function _jsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(_jsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: { [key: string]: Json } = {}
  for (const [key, value] of Object.entries(node)) out[key] = key === 'example' || key === 'examples' ? value : _jsonSchema(value)
  if (out.nullable !== true) return out
  delete out.nullable
  return { anyOf: [{ type: 'null' }, out] }
}

function _load() {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json')
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec
  _correct(spec)
  // a status's body schema, through a shared response (`#/components/responses/not_found`) when it is one
  const bodyPointer = (template: string, method: string, status: string, response: Response): string | null => {
    const name = response.$ref?.replace('#/components/responses/', '')
    const content = name ? spec.components.responses[name]?.content : response.content
    if (!content?.['application/json']) return null
    const at = name ? ['components', 'responses', name] : ['paths', template, method, 'responses', status]
    return _pointer(...at, 'content', 'application/json', 'schema')
  }
  const document = { components: { ...spec.components, examples: {} }, paths: spec.paths } as unknown as Json
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema(_jsonSchema(document) as object, 'github')
  // every error GitHub sends says what went wrong, though basic-error requires nothing
  ajv.addSchema({ allOf: [{ $ref: `github#${_pointer('components', 'schemas', 'basic-error')}` }], required: ['message'] }, ERROR)
  const operations: Operation[] = Object.entries(spec.paths).flatMap(([template, item]) =>
    Object.entries(item).filter(([method]) => /^(?:get|post|put|patch|delete)$/.test(method)).map(([method, operation]) => {
      const segments = template.split('/')
      const source = segments.map(s => /^\{.+\}$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')
      return {
        method: method.toUpperCase(),
        template,
        regex: new RegExp(`^${source}/?$`),
        // a file path (empty for the root) and `base...head` may hold slashes
        loose: new RegExp(`^${source.replace(/\/\(\[\^\/\]\+\)$/, /\{(?:path|basehead)\}$/.test(template) ? '(?:/(.*))?' : '$&')}/?$`),
        literals: segments.filter(s => !s.startsWith('{')).length,
        responses: new Map(Object.entries(operation.responses ?? {}).map(([status, response]) => [status, bodyPointer(template, method, status, response)])),
      }
    }))
  // the most literal segments first: /pulls/comments/{id} before /pulls/{pull_number}/files
  operations.sort((a, b) => b.literals - a.literals)
  return { ajv, operations }
}

let loaded: ReturnType<typeof _load> | undefined
const validators = new Map<string, ValidateFunction>()

// `github#<JSON pointer into the description>`, or ERROR
function _validator(key: string): ValidateFunction {
  loaded ??= _load()
  let validate = validators.get(key)
  if (!validate) {
    validate = loaded.ajv.getSchema(key)
    if (!validate) throw new Error(`no schema at ${key}`)
    validators.set(key, validate)
  }
  return validate
}

function _pointer(...tokens: string[]): string {
  return tokens.map(t => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

export interface AnswerCheck {
  // answers checked against an operation of the description
  answers: number
  // `GET /repos/{owner}/{repo}` of each operation met
  operations: Set<string>
  // one line per answer the description contradicts
  problems: string[]
}

/** Checks every recorded answer of the local GitHub against the operation the description gives for it. */
export function checkAnswers(requests: readonly RecordedRequest[]): AnswerCheck {
  loaded ??= _load()
  const check: AnswerCheck = { answers: 0, operations: new Set(), problems: [] }
  for (const request of requests) {
    const pathname = request.path.split('?')[0] ?? ''
    // github.com pages (the OAuth web flow, App registration) are not in the REST description
    if (WEB_PAGE.test(pathname) || request.status === 0) continue
    const method = request.method === 'HEAD' ? 'GET' : request.method
    const where = `${request.method} ${request.path} → ${request.status}`
    const candidates = loaded.operations.filter(o => o.method === method)
    const operation = candidates.find(o => o.regex.test(pathname)) ?? candidates.find(o => o.loose.test(pathname))
    if (!operation) {
      // GitHub answers an unknown route 404 (or fails: a test's fault) with its error body
      if (request.status !== 404 && request.status < 500) check.problems.push(`${where}: no such operation in GitHub's description`)
      else if (!_validator(ERROR)(request.response)) check.problems.push(`${where}: not GitHub's error body`)
      continue
    }
    check.answers++
    check.operations.add(`${operation.method} ${operation.template}`)
    const status = String(request.status)
    const described = operation.responses.get(status)
    if (described === undefined && request.status < 400) {
      check.problems.push(`${where}: ${operation.template} does not answer ${status}`)
      continue
    }
    if (request.response === undefined) {
      const media = String(request.headers.accept ?? '')
      if (described && !OTHER_MEDIA.test(media)) check.problems.push(`${where}: no JSON body`)
      continue
    }
    // errors the operation does not list (401, rate limits, 5xx) have GitHub's basic error shape
    const schema = described ? `github#${described}` : request.status >= 400 ? ERROR : undefined
    if (!schema) {
      check.problems.push(`${where}: a body where ${operation.template} answers none`)
      continue
    }
    const validate = _validator(schema)
    if (!validate(request.response)) {
      const errors = (validate.errors ?? []).slice(0, 8).map(e => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'missingProperty' in e.params ? '' : ` ${JSON.stringify(e.params)}`}`)
      check.problems.push(`${where}: ${errors.join('; ')}`)
    }
  }
  return check
}
