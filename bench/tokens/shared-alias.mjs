// Resolves Nuxt's `#shared` alias for `tsx bench/tokens.ts`: tsx reads no `paths` through the root tsconfig's
// project references, so server/review/prompt.ts could not load its zod schema (vitest aliases it the same way).
const SHARED = new URL('../../shared', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '#shared' || specifier.startsWith('#shared/')) return nextResolve(SHARED + specifier.slice('#shared'.length), context)
  return nextResolve(specifier, context)
}
