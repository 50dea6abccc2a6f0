import { PageHeader } from "../../components/PageHeader.js";

export default function ExplorerPage() {
  return <PageHeader title="ExplorerPage" />;
}
