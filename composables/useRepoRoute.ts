/** The repository a `/repos/:owner/:repo/…` page shows, from its route. */
export function useRepoRoute() {
  const route = useRoute()
  const owner = computed(() => routeParam(route.params.owner))
  const name = computed(() => routeParam(route.params.repo))
  const fullName = computed(() => `${owner.value}/${name.value}`)
  return { owner, name, fullName }
}
