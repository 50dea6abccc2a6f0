import { PageHeader } from "../../components/PageHeader.js";

export default function AuditPage() {
  return <PageHeader title="AuditPage" />;
}
