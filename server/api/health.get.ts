/** Liveness: the process answers HTTP. */
export default defineEventHandler(() => ({ ok: true }))
