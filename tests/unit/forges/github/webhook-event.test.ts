import { describe, expect, it } from 'vitest'
import { decideReview, PullRequestEventSchema } from '../../../../server/forges/github/webhook-event'
import { pullRequestPayload, type PullRequestOptions } from '../../../support/payloads'

const decide = (options: PullRequestOptions, slug = 'revue-test') =>
  decideReview(PullRequestEventSchema.parse(pullRequestPayload(options)), async () => slug)

describe('decideReview', () => {
  it.each(['opened', 'reopened', 'synchronize', 'ready_for_review'])('reviews %s', async (action) => {
    expect(await decide({ action, headSha: 'b'.repeat(40), number: 7, title: 'Fix the cache' })).toEqual({
      review: { installationId: 1, owner: 'octo-org', repo: 'hello', prNumber: 7, headSha: 'b'.repeat(40), trigger: action, title: 'Fix the cache' },
    })
  })

  it('ignores other actions, closed pull requests and bot authors, saying why', async () => {
    expect(await decide({ action: 'labeled' })).toEqual({ ignored: 'action \'labeled\' does not trigger a review' })
    expect(await decide({ state: 'closed' })).toEqual({ ignored: 'the pull request is closed' })
    // Drafts are queued: the repository's configuration decides in the worker.
    expect(await decide({ draft: true })).toHaveProperty('review')
    expect(await decide({ author: { login: 'revue-test[bot]', type: 'Bot' } })).toEqual({ ignored: 'the author revue-test[bot] is a bot' })
    expect(await decide({ author: { login: 'dependabot[bot]', type: 'Bot' } })).toEqual({ ignored: 'the author dependabot[bot] is a bot' })
  })

  it('reviews a review request only when this App\'s bot is the requested reviewer', async () => {
    expect(await decide({ action: 'review_requested', requestedReviewer: { login: 'revue-test[bot]', type: 'Bot' } })).toHaveProperty('review')
    expect(await decide({ action: 'review_requested', requestedReviewer: { login: 'octocat', type: 'User' } })).toEqual({ ignored: 'the review was requested from someone else' })
    expect(await decide({ action: 'review_requested', requestedReviewer: { login: 'other-app[bot]', type: 'Bot' } })).toEqual({ ignored: 'the review was requested from someone else' })
  })

  it('asks for the App slug only for a bot reviewer', async () => {
    let asked = 0
    const slug = async () => {
      asked++
      return 'revue-test'
    }
    await decideReview(PullRequestEventSchema.parse(pullRequestPayload({ action: 'opened' })), slug)
    await decideReview(PullRequestEventSchema.parse(pullRequestPayload({ action: 'review_requested', requestedReviewer: { login: 'octocat', type: 'User' } })), slug)
    expect(asked).toBe(0)
  })
})

describe('PullRequestEventSchema', () => {
  it('rejects a delivery without an installation or with a malformed head', () => {
    const payload = pullRequestPayload()
    delete payload.installation
    expect(PullRequestEventSchema.safeParse(payload).error?.issues[0]?.message).toContain('is this delivery from a GitHub App webhook?')
    expect(PullRequestEventSchema.safeParse(pullRequestPayload({ headSha: 'nope' })).success).toBe(false)
  })
})
