import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { classesInSources, selectorIsUsed, unusedCss } from './unused-css.mjs';

function sources(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'unused-css-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('unused CSS', () => {
  const root = sources({
    'src/Page.astro': '<p class="govuk-body cn-note">Hi</p><span class="govuk-tag govuk-tag--green">x</span>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template, as a source holds it
    'src/Input.astro': '<input class={`govuk-input govuk-input--width-${width}`} />',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template, as a source holds it
    'src/Choices.astro': '<div class={`govuk-${kind}__item`}></div>',
  });
  const families = { 'src/Choices.astro': ['govuk-radios'] };

  it('drops rules whose classes no source writes, and keeps the rest', async () => {
    const css = [
      '.govuk-body{margin:0}',
      '.govuk-tag--red{color:red}',
      '.govuk-tag--green,.govuk-tag--pink{color:green}',
      '.govuk-input--width-10{width:10em}',
      '.govuk-radios__item{display:block}',
      '.govuk-checkboxes__item{display:block}',
      '@media (min-width:40em){.govuk-tag--red{color:red}}',
      'a:focus{outline:0}',
      '.govuk-\\!-margin-0{margin:0}',
      '.cn-note p{color:#000}',
    ].join('');
    const out = (
      await postcss([unusedCss({ root, dirs: ['src'], families })]).process(css, { from: undefined })
    ).css;
    expect(out).toContain('.govuk-body{');
    expect(out).toContain('.govuk-tag--green{color:green}');
    expect(out).not.toContain('govuk-tag--red');
    expect(out).not.toContain('govuk-tag--pink');
    expect(out).not.toContain('@media');
    expect(out).toContain('.govuk-input--width-10{');
    expect(out).toContain('.govuk-radios__item{');
    expect(out).not.toContain('govuk-checkboxes__item');
    expect(out).toContain('a:focus{');
    expect(out).toContain('.govuk-\\!-margin-0{');
    expect(out).toContain('.cn-note p{');
  });

  it('treats a class as used only as a whole token', () => {
    const used = classesInSources(root, ['src'], families);
    expect(selectorIsUsed('.govuk-tag', used)).toBe(true);
    expect(selectorIsUsed('.govuk-ta', used)).toBe(false);
    expect(selectorIsUsed('.govuk-tag--green .govuk-body', used)).toBe(true);
    expect(selectorIsUsed('.govuk-tag--green .govuk-panel', used)).toBe(false);
  });

  it('fails the build on a class built from a bare prefix that nobody declared', () => {
    expect(() => classesInSources(root, ['src'], {})).toThrow(
      /src\/Choices\.astro builds a class from "govuk-/,
    );
  });
});
