// Until a GitHub App is configured every page leads to /setup; afterwards /setup leads home.
const PASS = /^\/(api|_nuxt|__nuxt|auth|metrics)(\/|$)/

export default defineEventHandler((event) => {
  if (PASS.test(event.path)) return
  const onSetup = event.path === '/setup' || event.path.startsWith('/setup?')
  if (needsSetup() && !onSetup) return sendRedirect(event, '/setup')
  if (!needsSetup() && onSetup) return sendRedirect(event, '/')
})
