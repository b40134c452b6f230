/** Revue on GitLab: the user its token belongs to. Its notes are Revue's own; events it causes are ignored. */
export interface GitLabIdentity {
  userId: number
  username: string
}
