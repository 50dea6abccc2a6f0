import { PageHeader } from "../../components/PageHeader.js";

export default function OffboardingPage() {
  return <PageHeader title="OffboardingPage" />;
}
