import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BOT_TOKEN, HEAD, PROJECT, seed } from '../fakes/gitlab/fixture'
import { startGitLabServer, type GitLabFake } from '../fakes/gitlab/server'
import { ARTIFACTS, launchChromium } from '../support/browser'
import { firstAddedLineReviewer } from '../support/reviewer'
import { startStack, waitForJob, type Stack } from '../support/stack'

const MR_HOOK = JSON.parse(readFileSync(new URL('../fixtures/gitlab/merge-request.json', import.meta.url), 'utf8'))
const SECRET = 'gitlab-webhook-secret'

let gitlab: GitLabFake
let stack: Stack
let browser: Browser
beforeAll(async () => {
  gitlab = await startGitLabServer({ pathPrefix: '/gitlab' })
  seed(gitlab)
  stack = await startStack({
    NUXT_GITLAB_URL: gitlab.url,
    NUXT_GITLAB_TOKEN: BOT_TOKEN,
    NUXT_GITLAB_WEBHOOK_SECRET: SECRET,
    NUXT_OAUTH_GITLAB_CLIENT_ID: gitlab.oauth.clientId,
    NUXT_OAUTH_GITLAB_CLIENT_SECRET: gitlab.oauth.clientSecret,
  })
  stack.gemini.setHandler(firstAddedLineReviewer())
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  await gitlab?.close()
})

describe('the dashboard in Chromium for a GitLab user', () => {
  it('signs in with GitLab, opens the project and the review of a merge request', async () => {
    const delivered = await fetch(`${stack.app.url}/api/webhook/gitlab`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET, 'idempotency-key': 'browser-1' },
      body: JSON.stringify({
        ...MR_HOOK,
        user: { ...MR_HOOK.user, id: 2, username: 'ada' },
        project: { ...MR_HOOK.project, id: 12, path_with_namespace: PROJECT },
        object_attributes: { ...MR_HOOK.object_attributes, iid: 3, title: 'Widgets', state: 'opened', action: 'open', draft: false, work_in_progress: false, last_commit: { ...MR_HOOK.object_attributes.last_commit, id: HEAD } },
      }),
    })
    const { queued } = await delivered.json() as { queued: string }
    await waitForJob(stack.queue, queued)

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    gitlab.authorizeAs('rita')
    await page.goto(`${stack.app.url}/`)
    await page.waitForURL(/\/login/)
    await page.getByTestId('signin-gitlab-button').click()
    await page.waitForURL(`${stack.app.url}/`)
    await page.locator(`[data-testid="repo-link"][href="/repos/gitlab/${encodeURIComponent(PROJECT)}"]`).click()
    await page.waitForURL(/\/repos\/gitlab\/acme%2Ftools%2Fwidget$/)
    const row = page.locator(`[data-testid="job-row"][data-job-id="${queued}"]`)
    await row.waitFor({ timeout: 15_000 })
    await row.click()
    await page.waitForURL(/\/jobs\//)
    await page.getByTestId('review-summary').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('log-line').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('link', { name: 'View on GitLab' }).getAttribute('href')).toContain(`${gitlab.url}/${PROJECT}/-/merge_requests/3`)
    await expect.poll(() => page.getByTestId('job-cost').textContent()).toMatch(/^\s*\$0\.\d{4}\s*$/)
    await page.screenshot({ path: join(ARTIFACTS, 'gitlab-job.png'), fullPage: true })
  })

  it('shows a GitLab user who cannot read the project that they cannot, and no job', async () => {
    // gus is a Guest: below Reporter, GitLab's read access to a project's code.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    gitlab.authorizeAs('gus')
    await page.goto(`${stack.app.url}/login`)
    await page.getByTestId('signin-gitlab-button').click()
    await page.waitForURL(`${stack.app.url}/`)
    expect(await page.locator(`[data-testid="repo-link"][href="/repos/gitlab/${encodeURIComponent(PROJECT)}"]`).count()).toBe(0)
    await page.goto(`${stack.app.url}/repos/gitlab/${encodeURIComponent(PROJECT)}`)
    await page.getByTestId('error-state').waitFor()
    expect(await page.getByTestId('error-state').textContent()).toMatch(/access/i)
    expect(await page.getByTestId('job-row').count()).toBe(0)
    await page.context().close()
  })
})
