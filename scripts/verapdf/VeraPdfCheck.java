// Validates PDF files with veraPDF's validation library (the reference PDF/A and PDF/UA
// checker) and prints one JSON line per file and profile, for the tests (tests/verapdf.py).
//
//   java -cp <classes>:<veraPDF jar>:<JAXB jars> VeraPdfCheck ua1,2a FILE.pdf ...
//
// Profiles: ua1 (PDF/UA-1), 2a (PDF/A-2a), 2b, 2u, 3a, 1a. Output per file and profile:
//   {"file": "...", "profile": "ua1", "compliant": true, "failures": [
//      {"rule": "7.1-3", "count": 64, "description": "...", "context": "..."}]}
// A file that cannot be parsed gives "error". Exit status 0 when every file passed.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public final class VeraPdfCheck {
    private static PDFAFlavour flavour(String name) {
        switch (name) {
            case "ua1": return PDFAFlavour.PDFUA_1;
            case "1a": return PDFAFlavour.PDFA_1_A;
            case "2a": return PDFAFlavour.PDFA_2_A;
            case "2b": return PDFAFlavour.PDFA_2_B;
            case "2u": return PDFAFlavour.PDFA_2_U;
            case "3a": return PDFAFlavour.PDFA_3_A;
            default: throw new IllegalArgumentException("unknown profile " + name);
        }
    }

    private static String json(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: VeraPdfCheck PROFILES FILE...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        boolean allPassed = true;
        for (int i = 1; i < args.length; i++) {
            for (String profile : args[0].split(",")) {
                PDFAFlavour flavour = flavour(profile);
                StringBuilder line = new StringBuilder();
                line.append("{\"file\": ").append(json(args[i]));
                line.append(", \"profile\": ").append(json(profile));
                try (InputStream in = new FileInputStream(args[i]);
                     PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour);
                     PDFAValidator validator =
                         Foundries.defaultInstance().createValidator(flavour, false)) {
                    ValidationResult result = validator.validate(parser);
                    Map<String, int[]> counts = new LinkedHashMap<>();
                    Map<String, String> descriptions = new LinkedHashMap<>();
                    Map<String, String> contexts = new LinkedHashMap<>();
                    for (TestAssertion a : result.getTestAssertions()) {
                        if (a.getStatus() != TestAssertion.Status.FAILED) continue;
                        String rule = a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber();
                        counts.computeIfAbsent(rule, k -> new int[1])[0]++;
                        descriptions.putIfAbsent(rule, a.getMessage());
                        contexts.putIfAbsent(rule, a.getLocation() == null ? null
                            : a.getLocation().getContext());
                    }
                    boolean compliant = result.isCompliant();
                    allPassed &= compliant;
                    line.append(", \"compliant\": ").append(compliant);
                    line.append(", \"failures\": [");
                    boolean first = true;
                    for (Map.Entry<String, int[]> e : counts.entrySet()) {
                        if (!first) line.append(", ");
                        first = false;
                        line.append("{\"rule\": ").append(json(e.getKey()));
                        line.append(", \"count\": ").append(e.getValue()[0]);
                        line.append(", \"description\": ").append(json(descriptions.get(e.getKey())));
                        line.append(", \"context\": ").append(json(contexts.get(e.getKey())));
                        line.append("}");
                    }
                    line.append("]}");
                } catch (Exception e) {
                    allPassed = false;
                    line.append(", \"compliant\": false, \"error\": ").append(json(e.toString()));
                    line.append(", \"failures\": []}");
                }
                System.out.println(line);
            }
        }
        System.exit(allPassed ? 0 : 1);
    }
}
