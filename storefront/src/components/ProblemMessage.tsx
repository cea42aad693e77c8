import { ApiProblem } from '../api';
import { signIn } from '../auth';

/** What went wrong, in words a shopper can act on; every failure of the API is shown with one of these. */
export function ProblemMessage({ failure }: { failure: unknown }) {
  if (!failure) {
    return null;
  }
  const problem = failure instanceof ApiProblem ? failure : undefined;
  const status = problem?.status ?? -1;
  const detail = problem?.problem.detail;
  const wait = problem?.retryAfterSeconds;
  let message: string;
  switch (status) {
    case 0:
      message = 'The shop could not be reached. Check your connection and try again.';
      break;
    case 401:
      return (
        <p role="alert" class="problem">
          Your session has ended.{' '}
          <button type="button" class="secondary" onClick={() => void signIn()}>
            Sign in again
          </button>
        </p>
      );
    case 403:
      message = 'You are not allowed to do that.';
      break;
    case 404:
      message = detail ?? 'That does not exist (any more).';
      break;
    case 412:
      message = 'Someone else changed this in the meantime. Reload to see their change, then make yours again.';
      break;
    case 429:
      message = `${detail ?? 'Too many requests.'} Try again${wait ? ` in ${wait} s` : ' in a moment'}.`;
      break;
    case 503:
      message = `The shop is busy or part of it is down. Try again${wait ? ` in ${wait} s` : ' in a moment'}.`;
      break;
    default:
      message = detail ?? (failure instanceof Error ? failure.message : 'Something went wrong.');
  }
  return (
    <p role="alert" class="problem">
      {message}
    </p>
  );
}
