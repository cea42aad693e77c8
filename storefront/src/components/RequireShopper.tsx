import type { ComponentChildren } from 'preact';
import { signIn } from '../auth';
import { useShopper } from '../session';

/** Its children for a signed-in shopper; a way to sign in for anyone else. */
export function RequireShopper({ children, admin = false }: { children: ComponentChildren; admin?: boolean }) {
  const shopper = useShopper();
  if (!shopper) {
    return (
      <section>
        <h1>Sign in</h1>
        <p>This page is for signed-in customers.</p>
        <button type="button" onClick={() => void signIn()}>
          Sign in
        </button>
      </section>
    );
  }
  if (admin && !shopper.admin) {
    return (
      <section>
        <h1>Not for you</h1>
        <p role="alert">This page is for the shop's administrators only.</p>
      </section>
    );
  }
  return <>{children}</>;
}
