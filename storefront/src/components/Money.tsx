import { formatMoney, type Money } from '../api';

export function Price({ money }: { money: Money | undefined | null }) {
  return <span class="price">{formatMoney(money)}</span>;
}
