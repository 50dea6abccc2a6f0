import { PageHeader } from "../../components/PageHeader.js";

export default function KeyPage() {
  return <PageHeader title="KeyPage" />;
}
