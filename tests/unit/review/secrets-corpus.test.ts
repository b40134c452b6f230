import { describe, expect, it } from 'vitest'
import type { DiffFile } from '../../../server/review/chunk'
import { redactForModel } from '../../../server/review/secrets'

// Secrets are assembled at run time so that no scanner (nor GitHub's push protection) takes this file for a leak.
const r = (...parts: string[]) => parts.join('')
const AWS_SECRET = r('UPeA4GQ1s3Xu9aJ/K7MD', 'ENGbPxRfiCYzXq8Lm2Tn')
const AWS_SECRET_2 = r('jQzfOyW7pL2xKd9', 'RtV4mN8bZc1HsG6aEqY3uJ0f')

/** A line that holds a secret, in the file it would be committed to. */
const SECRETS: Array<{ path: string, line: string, secret: string }> = [
  // .env
  { path: '.env', line: `AWS_SECRET_ACCESS_KEY=${AWS_SECRET_2}`, secret: AWS_SECRET_2 },
  { path: '.env', line: r('DB_PASSWORD=', 'Zx9qL2mW7vR4'), secret: 'Zx9qL2mW7vR4' },
  { path: '.env', line: r('export STRIPE_API_KEY="sk_live_', '51HxQ2eK8pLm3Nv7Rt9Wz4Ab"'), secret: 'sk_live_51HxQ2eK8pLm3Nv7Rt9Wz4Ab' },
  { path: '.env.production', line: r('SESSION_SECRET = ', 'f8a2c9e1b7d3406a'), secret: 'f8a2c9e1b7d3406a' },
  { path: '.env', line: r('GITHUB_TOKEN=ghp_', 'a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5a1B2c3'), secret: 'a1B2c3D4e5a1B2c3D4e5' },
  // YAML
  { path: 'config/database.yml', line: r('  password: mJNxyp', '7Qw2Lk9Ze4'), secret: 'mJNxyp7Qw2Lk9Ze4' },
  { path: 'docker-compose.yml', line: r('      - POSTGRES_PASSWORD=', 'p0stgr3s-Pr0d!'), secret: 'p0stgr3s-Pr0d!' },
  { path: 'k8s/secret.yaml', line: r('  api_token: "', 'tK7pQ9zL2mX4vB8n"'), secret: 'tK7pQ9zL2mX4vB8n' },
  { path: '.github/workflows/ci.yml', line: r('          NPM_TOKEN: npm_', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2'), secret: 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2' },
  { path: 'app.yaml', line: r('client_secret: \'', 'GOCSPX-4sT9vW2xY7zA1bC3dE5fG8h\''), secret: 'GOCSPX-4sT9vW2xY7zA1bC3dE5fG8h' },
  // JSON
  { path: 'config/prod.json', line: r('  "apiKey": "', '9f8e7d6c5b4a39281706f5e4d3c2b1a0",'), secret: '9f8e7d6c5b4a39281706f5e4d3c2b1a0' },
  { path: 'secrets.json', line: r('    "client_secret": "', 'Qm8vN2xR5tW9yZ1a",'), secret: 'Qm8vN2xR5tW9yZ1a' },
  { path: 'appsettings.json', line: r('  "Password": "', 'Sup3r$ecretPa55"'), secret: 'Sup3r$ecretPa55' },
  { path: 'firebase.json', line: r('  "web_api_key": "AIza', 'SyD4f6G8h0J2k4L6m8N0p2Q4r6S8t0U2v4W"'), secret: 'SyD4f6G8h0J2k4L6m8N0p2Q4r6S8t0U2v4W' },
  // TOML
  { path: 'config.toml', line: r('api_token = "', 'xK2pL9mQ4vR7tW1z"'), secret: 'xK2pL9mQ4vR7tW1z' },
  { path: 'pyproject.toml', line: r('password = \'', 'hunter2Hunter2\''), secret: 'hunter2Hunter2' },
  { path: 'Cargo.toml', line: r('registry_token = "cio', 'Ab3Cd5Ef7Gh9Ij1Kl3"'), secret: 'cioAb3Cd5Ef7Gh9Ij1Kl3' },
  // INI
  { path: 'setup.cfg', line: r('password = ', 'w0rdP4ss!x9'), secret: 'w0rdP4ss!x9' },
  { path: 'php.ini', line: r('mail.smtp_password=', 'Smtp2024#Mail'), secret: 'Smtp2024#Mail' },
  { path: '.pypirc', line: r('password: pypi-', 'AgEIcHlwaS5vcmcCJDk3ZWU'), secret: 'pypi-AgEIcHlwaS5vcmcCJDk3ZWU' },
  // properties
  { path: 'src/main/resources/application.properties', line: r('spring.datasource.password=', 'Db#2024!prod'), secret: 'Db#2024!prod' },
  { path: 'gradle.properties', line: r('signing.password=', 'k3yst0reP@ss'), secret: 'k3yst0reP@ss' },
  { path: 'application.properties', line: r('jwt.secret: ', 'c2VjcmV0LWtleS0xMjM0NTY3'), secret: 'c2VjcmV0LWtleS0xMjM0NTY3' },
  // shell
  { path: 'deploy.sh', line: r('export PGPASSWORD=\'', 'Pg!9xZ2qW4\''), secret: 'Pg!9xZ2qW4' },
  { path: 'scripts/release.sh', line: r('curl -H "Authorization: Bearer ', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"'), secret: 'dozjgNryP4J3jVmNHl0w5N' },
  { path: 'run.sh', line: r('mysql -u root --password=', 'R00tPa55w0rd db'), secret: 'R00tPa55w0rd' },
  { path: 'Dockerfile', line: r('ENV API_KEY=', 'k9Xm2Pq7Rt4Lw8Zn'), secret: 'k9Xm2Pq7Rt4Lw8Zn' },
  // Python
  { path: 'settings.py', line: `aws_secret_access_key="${AWS_SECRET}"`, secret: AWS_SECRET },
  { path: 'settings.py', line: r('SECRET_KEY = \'django-insecure-', '8k#2m!x9q@4z$w7v\''), secret: '8k#2m!x9q@4z$w7v' },
  { path: 'client.py', line: r('    client = OpenAI(api_key="sk-proj-', 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78")'), secret: 'Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78' },
  { path: 'db.py', line: r('    conn = connect(host="db", password=\'', 'Pyth0nDb!2024\')'), secret: 'Pyth0nDb!2024' },
  { path: 'app.py', line: r('app.config["SECRET_KEY"] = "', '3d6f9a2c8e1b4f7a"'), secret: '3d6f9a2c8e1b4f7a' },
  // JS / TS
  { path: 'src/config.ts', line: r('export const apiKey: string = "', 'Zq8Lm2Xr5Tn9Vb3W"'), secret: 'Zq8Lm2Xr5Tn9Vb3W' },
  { path: 'src/client.js', line: r('const token = \'', 'xoxb-2048-4096-', 'aB3cD5eF7gH9iJ1k\''), secret: 'aB3cD5eF7gH9iJ1k' },
  { path: 'src/db.ts', line: r('  password: `', 'Tmpl8Pass!word`,'), secret: 'Tmpl8Pass!word' },
  { path: 'src/api.ts', line: r('  headers: { \'x-api-key\': \'', 'a7F3k9Q2m5W8z1X4\' },'), secret: 'a7F3k9Q2m5W8z1X4' },
  { path: 'src/mongo.js', line: r('const uri = "mongodb+srv://app:', 'M0ng0Pa55@cluster0.example.net/db"'), secret: 'M0ng0Pa55' },
  // Go
  { path: 'main.go', line: r('const apiToken = "', 'g0T0k3nXyZ12345a"'), secret: 'g0T0k3nXyZ12345a' },
  { path: 'db.go', line: r('\tpassword := "', 'G0langPa55!"'), secret: 'G0langPa55!' },
  { path: 'config.go', line: r('\t\tClientSecret: "', 'cs_9Xk2Lm7Qp4Rt"'), secret: 'cs_9Xk2Lm7Qp4Rt' },
  { path: 'env.go', line: r('\tos.Setenv("STRIPE_SECRET", "', 'whsec_5f8a2c9e1b7d3406a"'), secret: 'whsec_5f8a2c9e1b7d3406a' },
  // Java
  { path: 'src/main/java/App.java', line: r('    private static final String API_KEY = "', 'J4v4K3yAbC12345z";'), secret: 'J4v4K3yAbC12345z' },
  { path: 'src/main/java/Db.java', line: r('        String dbPassword = "', 'Jdbc#Pass2024";'), secret: 'Jdbc#Pass2024' },
  { path: 'src/main/java/Props.java', line: r('        props.setProperty("mail.password", "', 'M4ilS3cret!");'), secret: 'M4ilS3cret!' },
  { path: 'src/main/java/Jdbc.java', line: r('        DriverManager.getConnection("jdbc:mysql://root:', 'My5qlR00t@localhost/app");'), secret: 'My5qlR00t' },
]

/** Lines that look a little like secrets and are not: none may be redacted. */
const NEAR_MISSES: Array<{ path: string, line: string }> = [
  { path: '.env.example', line: 'DB_PASSWORD=changeme' },
  { path: '.env.example', line: 'API_KEY=<your-api-key>' },
  { path: '.env.example', line: 'AWS_SECRET_ACCESS_KEY=xxxxxxxxxxxxxxxxxxxxxxxx' },
  { path: 'docker-compose.yml', line: '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}' },
  { path: '.github/workflows/ci.yml', line: '          token: ${{ secrets.GITHUB_TOKEN }}' },
  { path: 'k8s/deploy.yaml', line: '          secretName: tls-certificate' },
  { path: 'config.yml', line: '  password: !vault |' },
  { path: 'settings.py', line: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]' },
  { path: 'settings.py', line: 'password = os.getenv("DB_PASSWORD", "")' },
  { path: 'src/config.ts', line: 'const token = process.env.GITHUB_TOKEN ?? \'\'' },
  { path: 'src/config.ts', line: '  apiKey: config.openai.apiKey,' },
  { path: 'src/auth.ts', line: 'const tokenizer = new Tokenizer(options)' },
  { path: 'src/auth.ts', line: 'const password = await hash(input.password, 12)' },
  { path: 'src/auth.ts', line: 'localStorage.setItem(\'token\', accessToken)' },
  { path: 'main.go', line: '\tToken: os.Getenv("API_TOKEN"),' },
  { path: 'src/main/java/App.java', line: '        String password = System.getenv("DB_PASSWORD");' },
  { path: 'package-lock.json', line: '      "integrity": "sha512-dP8y1mM6g3q6jNfS2gB4l3u6O0ZkQ4h5xH2bJ2yZ6S1l8ZQm3mG0xV9cN5qKwH3eY7sX1vT4zR8uL0pA9oI2w==",' },
  { path: 'package.json', line: '    "jsonwebtoken": "^9.0.2",' },
  { path: 'yarn.lock', line: '  integrity sha512-Vs5Zy1kI8n1J4t6Vd9uFq3w2Xc7Gb5Nm0Ls4Hk8Pj2Rr6Tt1Yy3Uu5Ii7Oo9Pp0Aa==' },
  { path: 'src/ids.ts', line: 'const requestId = "123e4567-e89b-12d3-a456-426614174000"' },
  { path: 'CHANGELOG.md', line: '- Fixed the token refresh race (3f786850e387550fdab836ed7e6dc881de23001b)' },
  { path: 'src/tokens.ts', line: '  maxOutputTokens: 8192,' },
  { path: 'README.md', line: 'Set `password: <your password>` in config.yml, or export DB_PASSWORD.' },
  { path: 'src/forms.ts', line: '  passwordField: "userPassword",' },
  { path: 'config/app.yml', line: '  token_url: https://oauth2.googleapis.com/token' },
  { path: 'config/app.yml', line: '  private_key_path: /etc/revue/private-key.pem' },
]

// One file per line, each in its own folder so that a hit names its line.
function _diff(lines: Array<{ path: string, line: string }>): DiffFile[] {
  return lines.map(({ path, line }, index) => ({ path: `${index}/${path}`, status: 'modified', hunks: [{ header: '@@ -1,0 +1,1 @@', lines: [{ kind: '+' as const, newLine: 1, text: line }] }] }))
}

describe('secret detection on a corpus of realistic lines', () => {
  it('redacts and flags every secret, in every format, and leaves every near miss alone', async () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(40)
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(20)
    const found = await redactForModel(_diff(SECRETS), {})
    const missed = SECRETS.filter((entry, index) => {
      const text = found.files[index]!.hunks[0]!.lines[0]!.text
      const flagged = found.hits.some(hit => hit.path === `${index}/${entry.path}` && hit.line === 1)
      return text.includes(entry.secret) || !text.includes('[REDACTED') || !flagged
    })
    const clean = await redactForModel(_diff(NEAR_MISSES), {})
    const falsePositives = NEAR_MISSES.filter((entry, index) => clean.files[index]!.hunks[0]!.lines[0]!.text !== entry.line)
    console.info(`Secret detection: recall ${SECRETS.length - missed.length}/${SECRETS.length} (${(100 * (SECRETS.length - missed.length) / SECRETS.length).toFixed(1)} %), false positives ${falsePositives.length}/${NEAR_MISSES.length}`)
    expect(missed.map(entry => `${entry.path}: ${entry.line}`)).toEqual([])
    expect(falsePositives.map(entry => `${entry.path}: ${entry.line}`)).toEqual([])
    expect(clean.hits).toEqual([])
  })
})
