// Any address inside the app that matches no page.
import { NotFound } from '../components/PageState';

export function NotFoundPage() {
  return <NotFound what="Page" message="There is no page at this address. Check the link, or start again from the network." />;
}
