import { PageHeader } from "../../components/PageHeader.js";

export default function ServicesPage() {
  return <PageHeader title="ServicesPage" />;
}
