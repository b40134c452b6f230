import { describe, expect, it } from 'vitest'
import { codeBlock, codeSpan, modelMarkdown, plainText } from '../../../server/review/markdown'

describe('codeSpan', () => {
  it('shows any text verbatim on one line, backticks included', () => {
    expect(codeSpan('src/a.ts')).toBe('`src/a.ts`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`x')).toBe('`` `x ``')
    expect(codeSpan('a\nb')).toBe('`a b`')
  })
})

describe('codeBlock', () => {
  it('uses a fence no line inside can close', () => {
    expect(codeBlock('x\n```\n<!-- y -->')).toBe('````\nx\n```\n<!-- y -->\n````')
  })
})

describe('plainText', () => {
  it('escapes what could open code, emphasis, a link or HTML, on one line', () => {
    expect(plainText('a <!-- b --> *c* [d](e)\n`f`')).toBe('a \\<!-- b --\\> \\*c\\* \\[d\\](e) \\`f\\`')
  })
})

describe('modelMarkdown', () => {
  it('keeps code fences, code spans and emphasis as they are', () => {
    const text = 'Use **`Map`** here:\n\n```ts\nconst a = b < c && d\n// <!-- kept as code -->\n```\n\n- _one_\n- two'
    expect(modelMarkdown(text)).toBe(text)
  })

  it('turns HTML, comments and entities outside code into text, and escapes headings', () => {
    expect(modelMarkdown('a <!-- hidden --> b <details>x</details> &lt; `<b>`')).toBe('a &lt;!-- hidden --> b &lt;details>x&lt;/details> &amp;lt; `<b>`')
    expect(modelMarkdown('\\`<!-- hidden -->\\` and \\``<b>`')).toBe('\\`&lt;!-- hidden -->\\` and \\``<b>`')
    expect(modelMarkdown('# Title\n  ### Revue review\nText\n===\n---')).toBe('\\# Title\n  \\### Revue review\nText\n\\===\n\\---')
  })

  it('closes a fence the answer leaves open, so what follows is not code', () => {
    expect(modelMarkdown('```js\nx()')).toBe('\n```js\nx()\n```')
    expect(modelMarkdown('~~~~\na\n~~~\nb')).toBe('\n~~~~\na\n~~~\nb\n~~~~')
  })

  it('starts every fence on a line of its own after a blank line, so no label or list item can keep it inline', () => {
    // After a label, `**High:** ```` is text to GitHub, and the next line would be raw HTML; in a list item, an
    // unindented line ends the item, and the fence with it.
    expect(modelMarkdown('```\n<!-- hidden -->\n```')).toBe('\n```\n<!-- hidden -->\n```')
    expect(modelMarkdown('- item\n  ```\n<!-- hidden -->')).toBe('- item\n\n```\n<!-- hidden -->\n```')
    expect(modelMarkdown('Text:\n   ```ts\n   a < b\n    c\n   ```')).toBe('Text:\n\n```ts\na < b\n c\n```')
  })
})
