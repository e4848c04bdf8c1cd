// The residents' fields as the server reads them: no control character a name could carry into an
// email's subject (security review 3).
import { describe, expect, it } from 'vitest';
import { formField } from './form-field.ts';
import { cleanText, withoutControls } from './form-rules.ts';

describe('a resident’s form field on the server', () => {
  it('drops control characters nobody types, keeping line breaks and tabs', () => {
    expect(withoutControls(' Jo\u0085e\u0000\u001b\u007f\r\nSmith\t ')).toBe(' Joe\r\nSmith\t ');
    expect(formField.parse('Jo\u0085e')).toBe('Joe');
    expect(formField.parse(null)).toBeNull();
    expect(cleanText(formField.parse(' A\r\nB '))).toBe('A\nB');
  });
});
