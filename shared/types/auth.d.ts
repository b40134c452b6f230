// The session of nuxt-auth-utils: `user` reaches the browser; `secure` stays in the sealed cookie, server-side only.
declare module '#auth-utils' {
  interface User {
    login: string
    id: number
    name: string | null
    avatarUrl: string
    /** Set for a GitLab sign-in; a GitHub session has none. */
    forge?: 'gitlab'
  }
  interface SecureSessionData {
    /** Names the sign-in server-side: sign-out marks it ended in Redis, so copies of the cookie stop working too. */
    sessionId: string
    /** Whose token this is: 'gitlab' for a GitLab sign-in; a GitHub session has none. */
    forge?: 'gitlab'
    accessToken: string
    refreshToken: string
    /** Epoch milliseconds. */
    expiresAt: number
  }
}

export {}
