import { signIn, signOut } from '../auth';
import { useShopper } from '../session';

export function Header() {
  const shopper = useShopper();
  return (
    <header class="container">
      <nav aria-label="Main">
        <ul>
          <li>
            <a href="/" class="brand">
              <strong>Shop</strong>
            </a>
          </li>
        </ul>
        <ul>
          <li>
            <a href="/">Catalog</a>
          </li>
          {shopper && (
            <>
              <li>
                <a href="/cart">Cart</a>
              </li>
              <li>
                <a href="/orders">Orders</a>
              </li>
            </>
          )}
          {shopper?.admin && (
            <li>
              <a href="/admin">Admin</a>
            </li>
          )}
          {shopper ? (
            <li>
              <button type="button" class="secondary" onClick={() => void signOut()}>
                Sign out <span class="who">({shopper.email})</span>
              </button>
            </li>
          ) : (
            <>
              <li>
                <a href="/register">Create an account</a>
              </li>
              <li>
                <button type="button" onClick={() => void signIn()}>
                  Sign in
                </button>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
