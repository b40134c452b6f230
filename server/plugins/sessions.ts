import { endSession } from '../auth/sessions'
/**
 * Every cleared session ends server-side too: sign-out (DELETE /api/_auth/session) and a refresh token GitHub refused
 * (`event.context.sessionEnd = 'expired'`) alike.
 */
export default defineNitroPlugin(() => {
  sessionHooks.hook('clear', async (session, event) => {
    if (session.secure?.sessionId) await endSession(session.secure, event.context.sessionEnd ?? 'signed-out')
  })
})
