/** The GitHub App Revue needs, as a manifest for GitHub's App Manifest flow, for a server reachable at `publicUrl`. */
export function buildAppManifest(publicUrl: string) {
  const host = new URL(publicUrl).host
  return {
    name: `Revue (${host})`.slice(0, 34),
    url: publicUrl,
    description: 'Reviews pull requests with the AI model you choose and streams every review live.',
    hook_attributes: { url: `${publicUrl}/api/webhook`, active: true },
    redirect_url: `${publicUrl}/api/setup/callback`,
    callback_urls: [`${publicUrl}/auth/github`],
    public: false,
    request_oauth_on_install: false,
    default_permissions: { pull_requests: 'write', contents: 'read', checks: 'write', issues: 'write', metadata: 'read' },
    default_events: ['pull_request', 'issue_comment'],
  }
}

/** The cookie that ties GitHub's redirect after the manifest flow to the browser that started it. */
export const SETUP_STATE_COOKIE = 'revue-setup-state'
