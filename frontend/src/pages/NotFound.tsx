import { Link } from '../router';

export function NotFound({ message = 'There is nothing at this address.' }: { message?: string }) {
  return (
    <main class="empty-page" id="main" tabIndex={-1}>
      <h1>Not found</h1>
      <p>{message}</p>
      <p>
        <Link href="/">Go to your desk</Link>
      </p>
    </main>
  );
}
