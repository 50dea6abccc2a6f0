import { PageHeader } from "../../components/PageHeader.js";

export default function TokensPage() {
  return <PageHeader title="TokensPage" />;
}
