// A project with a bot, a developer, a reporter and a merge request of three files, for the fake's own tests.
import type { FakeDiff, GitLabFake } from './server'

export const BOT_TOKEN = 'glpat-bot-token'
export const PROJECT = 'acme/tools/widget'
export const BASE = 'b'.repeat(40)
export const HEAD = 'a'.repeat(40)

export const DIFFS: FakeDiff[] = [
  { old_path: 'src/app.ts', new_path: 'src/app.ts', diff: '@@ -1,4 +1,4 @@\n const a = 1\n-const b = 2\n+const b = 3\n const c = 4\n const d = 5\n' },
  { old_path: 'src/new.ts', new_path: 'src/new.ts', new_file: true, diff: '@@ -0,0 +1,2 @@\n+export const x = 1\n+export const y = 2\n' },
  { old_path: 'src/old-name.ts', new_path: 'src/new-name.ts', renamed_file: true, diff: '@@ -1,2 +1,2 @@\n-export const z = 1\n+export const z = 2\n export const w = 0\n' },
]

export function seed(fake: GitLabFake): void {
  fake.addUser('revue-bot', { token: BOT_TOKEN, bot: true, id: 1 })
  fake.addUser('ada', { token: 'glpat-ada', id: 2 })
  fake.addUser('rita', { token: 'glpat-rita', id: 3 })
  fake.addUser('gus', { id: 4 })
  fake.addProject(PROJECT, { id: 12 })
  fake.addMember(PROJECT, 'revue-bot', 30)
  fake.addMember(PROJECT, 'ada', 40)
  fake.addMember(PROJECT, 'rita', 20)
  fake.addMember(PROJECT, 'gus', 10)
  fake.addMergeRequest({ project: PROJECT, iid: 3, title: 'Widgets', author: 'ada', baseSha: BASE, headSha: HEAD, diffs: DIFFS })
}
