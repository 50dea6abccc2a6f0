import { PageHeader } from "../../components/PageHeader.js";

export default function HolderPage() {
  return <PageHeader title="HolderPage" />;
}
