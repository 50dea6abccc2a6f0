export { plural } from "../../components/plural.js";
