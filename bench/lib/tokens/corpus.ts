/**
 * Consecutive releases of popular npm packages whose tarballs ship readable source, small to large. `next`, the
 * release after `to`, is pushed onto the pull request `from → to` for the incremental table.
 */
export const CORPUS: Array<{ name: string, from: string, to: string, next?: string }> = [
  { name: 'debug', from: '4.3.7', to: '4.4.0', next: '4.4.1' },
  { name: 'semver', from: '7.6.3', to: '7.7.0', next: '7.7.1' },
  { name: 'commander', from: '12.1.0', to: '13.0.0' },
  { name: 'express', from: '5.0.1', to: '5.1.0', next: '5.2.0' },
  { name: 'pino', from: '9.5.0', to: '9.6.0', next: '9.7.0' },
  { name: 'ioredis', from: '5.4.2', to: '5.5.0', next: '5.6.0' },
  { name: 'axios', from: '1.7.9', to: '1.8.0' },
  { name: 'fastify', from: '5.1.0', to: '5.2.0', next: '5.2.1' },
]
