import { PageTitle } from '../../components/Page';

export default function Page() {
  return <PageTitle title="In Arbeit">In Arbeit</PageTitle>;
}
