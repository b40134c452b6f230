/** Signed out: only /login (and /setup, which the server opens only before the App exists). Signed in: everything but /login. */
export default defineNuxtRouteMiddleware((to) => {
  if (to.path === '/setup') return
  const { loggedIn } = useUserSession()
  if (to.path === '/login') {
    if (loggedIn.value) return navigateTo('/')
    return
  }
  if (!loggedIn.value) return navigateTo('/login')
})
