import { describe, expect, it } from 'vitest'
import { clusterNodes, clusterPrefix } from '../../../server/utils/redis-cluster'

describe('NUXT_REDIS_CLUSTER_NODES', () => {
  it('is off when empty', () => {
    expect(clusterNodes('')).toBeNull()
    expect(clusterNodes(' , ')).toBeNull()
  })

  it('reads host:port lists and URLs with credentials and TLS', () => {
    expect(clusterNodes('10.0.0.1:7000, 10.0.0.2:7001,redis-3')).toEqual({
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }, { host: 'redis-3', port: 6379 }],
      options: {},
    })
    expect(clusterNodes('rediss://revue:p%40ss@cache.example:6380,rediss://cache-2.example:6380')).toEqual({
      nodes: [{ host: 'cache.example', port: 6380 }, { host: 'cache-2.example', port: 6380 }],
      options: { username: 'revue', password: 'p@ss', tls: {} },
    })
  })
})

describe('the key prefix in cluster mode', () => {
  it('gets a hash tag unless it has one', () => {
    expect(clusterPrefix('revue')).toBe('{revue}')
    expect(clusterPrefix('{revue}')).toBe('{revue}')
    expect(clusterPrefix('team-a:{revue}')).toBe('team-a:{revue}')
  })
})
