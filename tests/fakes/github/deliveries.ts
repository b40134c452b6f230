import { createHmac, randomUUID } from 'node:crypto'
import type { Router } from 'h3'
import { HttpError, intParam, orNotFound } from './http'
import { route, type RouteContext } from './route'
import type { WebhookDelivery, WebhookDeliverySummary } from './types'

const DOCS = 'https://docs.github.com/rest/apps/webhooks'
// GitHub gives up on a webhook receiver after 10 seconds
const TIMEOUT_MS = 10_000

function failureStatus(error: unknown): string {
  const name = error instanceof Error ? error.name : ''
  return name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'failed to connect'
}

// The App's webhook and every delivery to it, as GitHub keeps them for /app/hook/deliveries.
export class WebhookDeliveries {
  readonly list: WebhookDelivery[] = []
  url?: string
  secret = ''
  private nextId = 1
  private readonly inFlight = new Set<Promise<unknown>>()

  constructor(private readonly appId: () => number) {}

  get hookId(): number {
    return 400_000_000 + this.appId()
  }

  configure(url: string, secret: string): void {
    this.url = new URL(url).toString()
    this.secret = secret
  }

  send(event: string, payload: object, guid: string = randomUUID(), redelivery = false): Promise<WebhookDelivery> {
    const sending = this.deliver(event, payload, guid, redelivery)
    this.inFlight.add(sending)
    const done = (): void => {
      this.inFlight.delete(sending)
    }
    sending.then(done, done)
    return sending
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight])
  }

  find(id: number): WebhookDelivery | undefined {
    return this.list.find(d => d.id === id)
  }

  private async deliver(event: string, payload: object, guid: string, redelivery: boolean): Promise<WebhookDelivery> {
    const url = this.url
    if (!url) throw new Error('GitHub fake: no webhook URL; call setWebhook first')
    const body = JSON.stringify(payload)
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': guid,
      'x-github-hook-id': String(this.hookId),
      'x-github-hook-installation-target-type': 'integration',
      'x-github-hook-installation-target-id': String(this.appId()),
      'x-hub-signature-256': `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`,
    }
    const fields = payload as { action?: unknown, installation?: { id?: unknown }, repository?: { id?: unknown } }
    const started = Date.now()
    const delivery: WebhookDelivery = {
      id: this.nextId++,
      guid,
      delivered_at: new Date(started).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      redelivery,
      duration: 0,
      status: '',
      status_code: 0,
      event,
      action: typeof fields.action === 'string' ? fields.action : null,
      installation_id: typeof fields.installation?.id === 'number' ? fields.installation.id : null,
      repository_id: typeof fields.repository?.id === 'number' ? fields.repository.id : null,
      throttled_at: null,
      url,
      request: { headers, payload },
      response: { headers: {}, payload: null },
    }
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) })
      const text = await response.text()
      delivery.status_code = response.status
      delivery.status = response.ok ? 'OK' : `Invalid HTTP Response: ${response.status}`
      delivery.response = { headers: Object.fromEntries(response.headers), payload: text || null }
    }
    catch (error) {
      delivery.status = failureStatus(error)
    }
    delivery.duration = (Date.now() - started) / 1000
    this.list.push(delivery)
    return delivery
  }
}

export function deliverySummary(delivery: WebhookDelivery): WebhookDeliverySummary {
  const { url: _url, request: _request, response: _response, ...summary } = delivery
  return summary
}

function findDelivery(ctx: RouteContext): WebhookDelivery {
  const delivery = orNotFound(ctx.state.deliveries.find(intParam(ctx, 'delivery_id')))
  return delivery
}

// Cursor pagination as GitHub does it here: `cursor` is where the next page starts, in `link` only as rel="next".
function listDeliveries(ctx: RouteContext): { body: WebhookDeliverySummary[], headers: Record<string, string> } {
  const query = ctx.url.searchParams
  const status = query.get('status')
  if (status !== null && status !== 'success' && status !== 'failure') {
    throw new HttpError(422, `Invalid request.\n\n${JSON.stringify(status)} is not a member of ["success", "failure"].`, {}, DOCS)
  }
  const rawPerPage = Number(query.get('per_page') ?? 30)
  const perPage = Number.isInteger(rawPerPage) && rawPerPage >= 1 ? Math.min(rawPerPage, 100) : 30
  const cursor = /^v1_(\d+)$/.exec(query.get('cursor') ?? '')
  const from = cursor ? Number(cursor[1]) : Number.POSITIVE_INFINITY
  const matching = ctx.state.deliveries.list
    .filter(d => d.id <= from)
    .sort((a, b) => b.id - a.id)
    .filter(d => !status || (status === 'success') === (d.status_code >= 200 && d.status_code < 300))
  const page = matching.slice(0, perPage)
  const next = matching[perPage]
  const headers: Record<string, string> = {}
  if (next) {
    const params = new URLSearchParams(query)
    params.set('per_page', String(perPage))
    params.set('cursor', `v1_${next.id}`)
    headers.link = `<${ctx.state.url}${ctx.url.pathname}?${params.toString()}>; rel="next"`
  }
  return { body: page.map(deliverySummary), headers }
}

export function deliveryRoutes(router: Router): void {
  route(router, 'GET', '/app/hook/deliveries', { docs: `${DOCS}#list-deliveries-for-an-app-webhook` }, (ctx) => {
    ctx.state.requireApp(ctx)
    return listDeliveries(ctx)
  })
  route(router, 'GET', '/app/hook/deliveries/:delivery_id', { docs: `${DOCS}#get-a-delivery-for-an-app-webhook` }, (ctx) => {
    ctx.state.requireApp(ctx)
    return { body: findDelivery(ctx) }
  })
  route(router, 'POST', '/app/hook/deliveries/:delivery_id/attempts', { docs: `${DOCS}#redeliver-a-delivery-for-an-app-webhook` }, (ctx) => {
    ctx.state.requireApp(ctx)
    const delivery = findDelivery(ctx)
    const { deliveries } = ctx.state
    // answered at once; the redelivery goes out in the background, as on GitHub (fake.idle() waits for it)
    deliveries.send(delivery.event, delivery.request.payload, delivery.guid, true).catch(() => undefined)
    return { status: 202, body: {} }
  })
}
