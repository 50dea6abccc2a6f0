import { PageHeader } from "../../components/PageHeader.js";

export default function OverviewPage() {
  return <PageHeader title="OverviewPage" />;
}
