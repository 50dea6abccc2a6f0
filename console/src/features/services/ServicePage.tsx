import { PageHeader } from "../../components/PageHeader.js";

export default function ServicePage() {
  return <PageHeader title="ServicePage" />;
}
