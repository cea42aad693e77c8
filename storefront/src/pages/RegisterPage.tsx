import { useState } from 'preact/hooks';
import { ApiProblem, authApi, must } from '../api';
import { signIn } from '../auth';
import { ProblemMessage } from '../components/ProblemMessage';

const FIELDS = [
  { name: 'firstName', label: 'First name', type: 'text', autoComplete: 'given-name' },
  { name: 'lastName', label: 'Last name', type: 'text', autoComplete: 'family-name' },
  { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'email' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password' },
] as const;

/**
 * A new customer account through the shop's own registration (POST /api/auth/register), not Keycloak's page: the
 * shop creates the Keycloak user with the customer role, the customer's profile and the UserRegistered event in
 * one step, which Keycloak's self-registration would leave out. Signing in then happens on Keycloak's page.
 */
export function RegisterPage() {
  const [failure, setFailure] = useState<unknown>();
  const [registered, setRegistered] = useState(false);
  const [sending, setSending] = useState(false);

  async function register(event: Event) {
    event.preventDefault();
    setSending(true);
    setFailure(undefined);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await must(
        authApi.POST('/api/auth/register', {
          body: {
            firstName: String(form.get('firstName') ?? ''),
            lastName: String(form.get('lastName') ?? ''),
            email: String(form.get('email') ?? ''),
            password: String(form.get('password') ?? ''),
          },
        }),
      );
      setRegistered(true);
    } catch (problem) {
      setFailure(problem);
    } finally {
      setSending(false);
    }
  }

  if (registered) {
    return (
      <section>
        <h1>Welcome</h1>
        <p role="status">Your account is ready.</p>
        <button type="button" onClick={() => void signIn(`${location.origin}/`)}>
          Sign in
        </button>
      </section>
    );
  }
  return (
    <section>
      <h1>Create an account</h1>
      <form onSubmit={register} noValidate>
        {FIELDS.map((field) => {
          const error = failure instanceof ApiProblem ? failure.fieldError(field.name) : undefined;
          return (
            <label key={field.name}>
              {field.label}
              <input
                name={field.name}
                type={field.type}
                autoComplete={field.autoComplete}
                required
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? `${field.name}-error` : undefined}
              />
              {error && (
                <small id={`${field.name}-error`} class="field-error">
                  {error}
                </small>
              )}
            </label>
          );
        })}
        <ProblemMessage failure={failure} />
        <button type="submit" aria-busy={sending ? 'true' : undefined}>
          Create account
        </button>
      </form>
    </section>
  );
}
