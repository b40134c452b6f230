import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../../server/forges/command'
import { decideCommand, type IssueCommentEvent } from '../../../../server/forges/github/comment-event'

const event = (body: string, extra: { type?: string, action?: string, pr?: boolean } = {}): IssueCommentEvent => ({
  action: extra.action ?? 'created',
  issue: { number: 7, title: 'Fix the parser', ...(extra.pr === false ? {} : { pull_request: { url: 'https://api.github.com/repos/o/r/pulls/7' } }) },
  comment: { id: 99, body, user: { login: 'octocat', type: extra.type ?? 'User' } },
  repository: { name: 'r', owner: { login: 'o' } },
  installation: { id: 1 },
})

describe('parseCommand', () => {
  it('reads the first /revue line of a comment', () => {
    expect(parseCommand('/revue review')).toEqual({ command: 'review' })
    expect(parseCommand('Thanks!\n/Revue Summary\nmore text')).toEqual({ command: 'summary' })
    expect(parseCommand('/revue')).toEqual({ command: 'help' })
    expect(parseCommand('/revue deploy')).toEqual({ command: 'help', unknown: 'deploy' })
  })

  it('ignores mentions that are not a command line', () => {
    expect(parseCommand('we could run /revue review later')).toBeNull()
    expect(parseCommand('/revue review please now')).toBeNull()
    expect(parseCommand(null)).toBeNull()
  })
})

describe('decideCommand', () => {
  it('queues a command from a person on a pull request', () => {
    expect(decideCommand(event('/revue review'))).toEqual({ command: { command: 'review', installationId: 1, owner: 'o', repo: 'r', prNumber: 7, title: 'Fix the parser', commentId: 99, author: 'octocat' } })
  })

  it('ignores bots (Revue included), edits, issues and other comments, saying why', () => {
    expect(decideCommand(event('/revue review', { type: 'Bot' }))).toEqual({ ignored: 'the author octocat is a bot' })
    expect(decideCommand(event('/revue review', { action: 'edited' }))).toEqual({ ignored: 'action \'edited\' does not carry a command' })
    expect(decideCommand(event('/revue review', { pr: false }))).toEqual({ ignored: 'the comment is on an issue, not a pull request' })
    expect(decideCommand(event('looks fine'))).toEqual({ ignored: 'the comment is not a /revue command' })
  })
})
