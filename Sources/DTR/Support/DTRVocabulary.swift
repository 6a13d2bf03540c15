/// The URLs DTR reads and writes, in one place.
public enum DTRVocabulary {
    public static let cqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library"
    public static let questionnaireAdaptive = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
    public static let derivationType = "http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType"
    public static let launchContext = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext"
    public static let qrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context"
    public static let intendedUse = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse"
    public static let informationOrigin = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin"

    public enum Profile {
        public static let packageBundle = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/DTR-QPackageBundle"
        public static let outputParameters = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-qpackage-output-parameters"
        public static let standardQuestionnaire = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire"
        public static let adaptiveQuestionnaire = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt"
        public static let questionnaireResponse = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"
        public static let adaptiveResponse = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse-adapt"
    }

    public enum OperationDefinition {
        public static let questionnairePackage = "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package"
        public static let nextQuestion = "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question"
    }

    /// `information-origin.source` (DTR temporary CodeSystem): who supplied an answer.
    public static let informationOriginSources: Set<String> = ["auto", "override", "manual"]
}
