import type { H3Event } from 'h3'
import { consola } from 'consola'
import { applyCredentials, needsSetup, readStoredCredentials } from './app-credentials'
import { applyModelKey, readStoredModelKey } from '../models/keys'
import { needsModelKey } from '../models/settings'
import { SETUP_TOKEN_COOKIE, discardSetupToken } from './setup-token'

// How often a process waiting for the setup looks for what another process sharing the data directory stored.
const POLL_MS = 2000

const _waiting: Array<() => void> = []
let _timer: NodeJS.Timeout | undefined

/** True once Revue has a forge to review on: a GitHub App (environment or setup page), or GitLab (NUXT_GITLAB_TOKEN). */
export function hasForge(): boolean {
  return !needsSetup() || Boolean(useSettings().gitlab.token)
}

/** True once Revue has what reviews need: a forge and a model API key, from the environment or the setup page. */
export function isSetupComplete(): boolean {
  return hasForge() && !needsModelKey()
}

/**
 * Applies what the setup page stored wherever the environment set nothing (the environment wins, setting by setting);
 * with `onlyMissing`, reads only what is still missing (the files another process may have stored since).
 */
export function loadStoredSettings(onlyMissing = false): void {
  const credentials = !onlyMissing || needsSetup() ? readStoredCredentials() : null
  if (credentials) applyCredentials(credentials)
  const modelKey = !onlyMissing || needsModelKey() ? readStoredModelKey() : null
  if (modelKey) applyModelKey(modelKey)
}

/**
 * Runs `callback` once the setup is complete: now, or as soon as this process (the setup routes call `checkSetup`)
 * or another one sharing the data directory completes it. No restart is needed.
 */
export function whenSetupComplete(callback: () => void): void {
  if (isSetupComplete()) return callback()
  _waiting.push(callback)
  _timer ??= setInterval(checkSetup, POLL_MS).unref()
}

/**
 * After a setup step stored what it was given: runs what waited for the setup if it is now complete (the worker starts)
 * and then spends the setup token, here and in the browser. Returns whether the setup is complete.
 */
export function finishSetupStep(event: H3Event): boolean {
  checkSetup()
  if (!isSetupComplete()) return false
  discardSetupToken()
  deleteCookie(event, SETUP_TOKEN_COOKIE, { path: '/' })
  return true
}

/** Loads what the setup page stored since and, if the setup is now complete, runs what waited for it. */
export function checkSetup(): void {
  try {
    loadStoredSettings(true)
  }
  catch (error) {
    consola.error(`[setup] ${(error as Error).message}`)
    return
  }
  if (!isSetupComplete()) return
  stopWatchingSetup()
  for (const callback of _waiting.splice(0)) callback()
}

/** Stops looking for the setup's files (at shutdown). */
export function stopWatchingSetup(): void {
  clearInterval(_timer)
  _timer = undefined
}
