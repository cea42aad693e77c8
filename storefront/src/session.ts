import { useEffect, useState } from 'preact/hooks';
import { onSessionChange, shopper, type Shopper } from './auth';

/** The signed-in shopper, re-rendering the component when they sign in or out. */
export function useShopper(): Shopper | undefined {
  const [current, setCurrent] = useState(shopper());
  useEffect(() => onSessionChange(() => setCurrent(shopper())), []);
  return current;
}
