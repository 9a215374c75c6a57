/** Registers allure-cucumberjs's runtime so steps and hooks can add Allure metadata. */
import 'allure-cucumberjs';
