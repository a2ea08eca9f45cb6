// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { neutraliseMarkdown, sanitizeRendered, splitCode } from '../../../src/plugin/views/safe-markdown';

describe('neutraliseMarkdown', () => {
  it('escapes raw HTML and images outside code, and leaves code as written', () => {
    const md = 'a <img src=x onerror=alert(1)> ![t](http://e/x.png) `<b>` b\n```html\n<script>x</script>\n![i](y)\n```\n<i>c</i>';
    expect(neutraliseMarkdown(md)).toBe('a &lt;img src=x onerror=alert(1)> !\\[t](http://e/x.png) `<b>` b\n```html\n<script>x</script>\n![i](y)\n```\n&lt;i>c&lt;/i>');
  });

  it('splits code spans by backtick runs as CommonMark does', () => {
    expect(splitCode('x ``a ` b`` y `z`')).toEqual([
      { text: 'x ', code: false }, { text: '``a ` b``', code: true }, { text: ' y ', code: false }, { text: '`z`', code: true },
    ]);
    expect(splitCode('unclosed ` <b>')).toEqual([{ text: 'unclosed ` <b>', code: false }]);
    expect(splitCode('~~~\n<b>\n')).toEqual([{ text: '~~~\n<b>\n', code: true }]);
  });
});

describe('sanitizeRendered', () => {
  it('removes active elements, handlers, styles and every link', () => {
    const root = document.createElement('div');
    for (const html of [
      '<p onclick="x()" style="position:fixed">t <a href="javascript:x()">j</a> <a href="https://e.x" class="external-link">e</a> <a class="internal-link" data-href="Note">n</a></p>',
      '<sup><a href="#fn1">1</a></sup><details ontoggle="x()" open><summary>s</summary>d</details>',
      '<script>x()</script>', '<img src="x" onerror="x()">', '<iframe src="https://e.x"></iframe>',
      '<svg><circle onload="x()"></circle></svg>', '<form action="https://e.x"><input></form>',
    ]) {
      const template = document.createElement('template');
      template.innerHTML = html;
      root.appendChild(template.content);
    }
    sanitizeRendered(root);
    expect(root.querySelectorAll('script, img, iframe, svg, form, input, a').length).toBe(0);
    expect([...root.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name))).toEqual(['open']);
    expect(root.textContent).toBe('t j e n1sd');
  });
});
