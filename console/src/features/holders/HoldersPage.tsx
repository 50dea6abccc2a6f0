import { PageHeader } from "../../components/PageHeader.js";

export default function HoldersPage() {
  return <PageHeader title="HoldersPage" />;
}
