import { describe, expect, it } from 'vitest'
import { isOwn } from '../../../../server/forges/github/identity'

const app = { appId: 7, botLogin: 'revue[bot]' }

describe('isOwn', () => {
  it('accepts this App\'s bot user or a comment GitHub says this App performed, and no other bot', () => {
    expect(isOwn({ user: { login: 'revue[bot]', type: 'Bot' } }, app)).toBe(true)
    expect(isOwn({ user: { login: 'someone', type: 'User' }, performed_via_github_app: { id: 7 } }, app)).toBe(true)
    expect(isOwn({ user: { login: 'other[bot]', type: 'Bot' } }, app)).toBe(false)
    expect(isOwn({ user: { login: 'other[bot]', type: 'Bot' }, performed_via_github_app: { id: 8 } }, app)).toBe(false)
    expect(isOwn({ user: { login: 'revue[bot]', type: 'User' } }, app)).toBe(false)
    expect(isOwn({ user: null }, app)).toBe(false)
  })
})
