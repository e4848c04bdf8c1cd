// What a feature call ended in, for tests: 'ok', or the code of the domain error it was refused
// with (any other error is thrown on).
import { DomainError } from '../../src/lib/domain-error.ts';

export function outcomeCode(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (e: unknown) => {
      if (e instanceof DomainError) return e.code;
      throw e;
    },
  );
}
